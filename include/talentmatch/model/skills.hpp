#pragma once

// The skills taxonomy of a problem document (format talentmatch/1, DESIGN.md section 4).

#include <string>
#include <vector>

namespace talentmatch::model {

// Partial credit between skills: an expert at level L in the skill that lists this entry counts as transfer * L
// in `skill` (one hop; an expert's own level in `skill` counts when it is higher).
struct related_skill {
  std::string skill;
  double transfer = 0;  // 0..1
};

struct skill {
  std::string id;  // stable, dotted: "med.urology.laparoscopy"
  std::string name;
  std::vector<std::string> parents;  // a DAG: a cycle is an error
  std::vector<related_skill> related;
};

}  // namespace talentmatch::model
