#pragma once

// A post the county needs filled, with the skills it requires (DESIGN.md section 4).

#include <optional>
#include <string>
#include <vector>

namespace talentmatch::model {

struct requirement {
  std::string skill;
  int importance = 1;  // O*NET importance scale 1..5: the requirement's weight
  int min_level = 0;   // O*NET level scale 0..7: the level that fully covers it
  std::optional<bool> essential;

  bool is_essential() const { return essential.value_or(false); }
};

struct post {
  std::string id;
  std::string department;  // health commission, education bureau, ...
  std::string unit;        // county people's hospital, senior high school, ...
  std::optional<std::string> region;
  int slots = 1;                // >= 1
  std::optional<int> min_fill;  // 0..slots, default 0
  std::optional<double> min_months;
  std::optional<double> priority;  // 1..5, default 1
  std::vector<requirement>
  requires;

  int min_fill_or_default() const { return min_fill.value_or(0); }
  double priority_or_default() const { return priority.value_or(1.0); }
};

}  // namespace talentmatch::model
