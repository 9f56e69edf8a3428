#pragma once

// An expert sent by the partner province (DESIGN.md section 4).

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace talentmatch::model {

// A JSON scalar kept as written: attributes and the `where` of quotas compare against these.
using attribute_value = std::variant<std::string, double, bool>;
using attributes = std::vector<std::pair<std::string, attribute_value>>;  // in document order

// A skill level on the O*NET level scale 0..7.
struct skill_level {
  std::string skill;
  double level = 0;
};

// Optional fields stay optional here, so that a document read and written back is the same document.
struct expert {
  std::string id;
  std::optional<std::string> name, province, institution, title;
  double available_months = 0;
  std::optional<int> capacity;                      // posts the expert can hold at once; default 1
  std::optional<int> mentor_capacity;               // local staff the expert can mentor; default 0
  std::vector<skill_level> skills;                  // in document order, each skill once
  attributes extra;                                 // the document's "attributes"
  std::optional<std::vector<std::string>> prefers;  // staff ids, best first (stable mentoring)

  int capacity_or_default() const { return capacity.value_or(1); }
  int mentor_capacity_or_default() const { return mentor_capacity.value_or(0); }
};

}  // namespace talentmatch::model
