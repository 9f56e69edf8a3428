// The problem document: JSON -> model -> JSON is the identity; every issue is collected with its JSON pointer;
// the documents in tests/data/invalid each raise the issue listed in tests/data/invalid/expected.json (when present);
// a problem built in C++ gets the same checks; files are written whole or not at all.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "talentmatch/error.hpp"
#include "talentmatch/io/json.hpp"
#include "talentmatch/model/validate.hpp"

namespace fs = std::filesystem;
namespace io = talentmatch::io;
namespace model = talentmatch::model;

namespace {

const std::string data_dir = TALENTMATCH_TEST_DATA;

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::vector<talentmatch::issue> issues_of(const nlohmann::json& doc) {
  try {
    io::problem_from_json(doc);
  } catch (const talentmatch::validation_error& e) {
    return e.issues();
  }
  return {};
}

bool has_issue(const std::vector<talentmatch::issue>& issues, const std::string& path, const std::string& part) {
  for (const auto& i : issues) {
    if (i.path == path && i.message.find(part) != std::string::npos) return true;
  }
  return false;
}

std::string listing(const std::vector<talentmatch::issue>& issues) {
  std::string out;
  for (const auto& i : issues) out += i.path + ": " + i.message + "\n";
  return out;
}

}  // namespace

TEST(Json, FuyunRoundTripIsTheIdentity) {
  const nlohmann::json doc = read_json(data_dir + "/fuyun.json");
  const model::problem p = io::problem_from_json(doc);
  EXPECT_EQ(p.experts.size(), 9u);
  EXPECT_EQ(p.posts.size(), 9u);
  EXPECT_EQ(nlohmann::json::parse(io::dump_problem(p)), doc);
  // And once more through the model: nothing drifts.
  EXPECT_EQ(io::dump_problem(io::parse_problem(io::dump_problem(p))), io::dump_problem(p));
}

TEST(Json, OptionalFieldsStayAbsent) {
  const nlohmann::json doc = {{"skills", {{{"id", "a"}, {"name", "A"}}}},
                              {"experts", {{{"id", "e"}, {"available_months", 6}, {"skills", {{"a", 3}}}}}},
                              {"posts",
                               {{{"id", "p"},
                                 {"department", "d"},
                                 {"unit", "u"},
                                 {"slots", 1},
                                 {"requires", {{{"skill", "a"}, {"importance", 3}, {"min_level", 2}}}}}}}};
  const model::problem p = io::problem_from_json(doc);
  EXPECT_FALSE(p.experts[0].capacity.has_value());
  EXPECT_EQ(p.experts[0].capacity_or_default(), 1);
  EXPECT_FALSE(p.staff.has_value());
  EXPECT_EQ(nlohmann::json::parse(io::dump_problem(p)), doc);
}

TEST(Json, EveryIssueIsCollectedWithItsPath) {
  nlohmann::json doc = read_json(data_dir + "/fuyun.json");
  doc["experts"][3]["skills"]["med.icu"] = 9;
  doc["experts"][0]["bogus"] = 1;
  doc["posts"][1]["slots"] = 0;
  doc["posts"][2]["requires"][0]["skill"] = "nope";
  doc["posts"][4]["requires"][0]["min_level"] = 2.5;
  doc["skills"][0]["parents"] = {"med.urology"};
  doc["pairs"][0]["expert"] = "e-nobody";
  const auto issues = issues_of(doc);
  EXPECT_TRUE(has_issue(issues, "/experts/3/skills/med.icu", "outside 0..7")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/experts/0/bogus", "unknown key")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/1/slots", "below 1")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/2/requires/0/skill", "unknown skill")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/4/requires/0/min_level", "whole number")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/skills/1/parents/0", "cycle")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/pairs/0/expert", "unknown expert")) << listing(issues);
  EXPECT_EQ(issues.size(), 7u) << listing(issues);
}

TEST(Json, SyntaxErrorsNameTheLineAndColumn) {
  try {
    io::parse_problem("{\n  \"skills\": [1,}\n");
    FAIL() << "expected validation_error";
  } catch (const talentmatch::validation_error& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_NE(e.issues()[0].message.find("line 2"), std::string::npos) << e.what();
  }
}

TEST(Json, InvalidDocumentsEachNameTheirPath) {
  const std::string dir = data_dir + "/invalid";
  const std::string expected_file = dir + "/expected.json";
  if (!fs::exists(expected_file)) GTEST_SKIP() << "no " << expected_file;
  const nlohmann::json expected = read_json(expected_file);
  int checked = 0;
  for (const auto& [name, want] : expected.items()) {
    SCOPED_TRACE(name);
    std::ifstream in(dir + "/" + name, std::ios::binary);
    ASSERT_TRUE(in) << name;
    std::stringstream text;
    text << in.rdbuf();
    try {
      io::parse_problem(text.str());
      ADD_FAILURE() << name << " loaded";
    } catch (const talentmatch::validation_error& e) {
      const std::string path = want.value("path", "");
      const std::string part = want.value("contains", "");
      EXPECT_TRUE(has_issue(e.issues(), path, part)) << listing(e.issues());
    }
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST(Json, ProblemsBuiltInCppGetTheSameChecks) {
  model::problem p;
  p.skills = {{"a", "A", {}, {}}, {"a", "again", {}, {}}};
  model::expert e;
  e.id = "e";
  e.available_months = -1;
  e.skills = {{"zz", 3}};
  p.experts = {e};
  model::post q;
  q.id = "p";
  q.slots = 2;
  q.min_fill = 3;
  p.posts = {q};
  const auto issues = model::validate(p);
  EXPECT_TRUE(has_issue(issues, "/skills/1/id", "duplicate id")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/experts/0/available_months", "below 0")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/experts/0/skills/zz", "unknown skill")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/0/min_fill", "exceeds slots")) << listing(issues);
  EXPECT_THROW(model::require_valid(p), talentmatch::validation_error);
}

TEST(Json, QuotasThatCannotBeMetOrDoNotNest) {
  nlohmann::json doc = read_json(data_dir + "/fuyun.json");
  doc["constraints"] = {
      {{"name", "edu"}, {"side", "posts"}, {"where", {{"department", "education bureau"}}}, {"min", 10}},
      {{"name", "school"}, {"side", "posts"}, {"where", {{"unit", "senior high school"}}}, {"max", 2}},
      {{"name", "math"}, {"side", "posts"}, {"where", {{"id", "p-math"}}}, {"max", 1}},
      {{"name", "region"}, {"side", "posts"}, {"where", {{"region", "Kalatongke"}}}, {"max", 1}},
      {{"name", "bad field"}, {"side", "experts"}, {"where", {{"shoe_size", "42"}}}, {"max", 1}}};
  auto issues = issues_of(doc);
  EXPECT_TRUE(has_issue(issues, "/constraints/0/min", "cannot be met")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/constraints/4/where/shoe_size", "unknown field")) << listing(issues);
  EXPECT_EQ(issues.size(), 2u) << listing(issues);  // edu > school > math nest; region is disjoint
  // A quota crossing another: the health commission's posts and the county hospital together with the school.
  doc["constraints"] = {
      {{"name", "health"}, {"side", "posts"}, {"where", {{"department", "health commission"}}}, {"max", 5}},
      {{"name", "hospital"}, {"side", "posts"}, {"where", {{"unit", "county people's hospital"}}}, {"max", 3}},
      {{"name", "slots 2"}, {"side", "posts"}, {"where", {{"id", "p-icu"}}}, {"max", 1}}};
  EXPECT_TRUE(issues_of(doc).empty()) << listing(issues_of(doc));
  doc["constraints"][2]["where"] = {{"department", "education bureau"}};
  doc["constraints"].push_back(
      {{"name", "mixed"}, {"side", "experts"}, {"where", {{"title", "professor"}}}, {"max", 1}});
  doc["constraints"].push_back({{"name", "harbin"},
                                {"side", "experts"},
                                {"where", {{"institution", "Harbin Medical University No. 1 Hospital"}}},
                                {"max", 1}});
  issues = issues_of(doc);
  EXPECT_TRUE(issues.empty()) << listing(issues);  // professor Wang is inside the Harbin group: nested
  doc["constraints"].push_back(
      {{"name", "associates"}, {"side", "experts"}, {"where", {{"title", "associate professor"}}}, {"max", 1}});
  doc["constraints"].push_back({{"name", "province"},
                                {"side", "experts"},
                                {"where", {{"province", "Heilongjiang"}, {"title", "chief physician"}}},
                                {"max", 1}});
  issues = issues_of(doc);
  EXPECT_TRUE(issues.empty()) << listing(issues);
}

TEST(Json, SaveWritesTheWholeFileOrNothing) {
  const model::problem p = io::load_problem(data_dir + "/fuyun.json");
  const fs::path dir = fs::temp_directory_path() / "talentmatch_test_json";
  fs::create_directories(dir);
  const fs::path out = dir / "plan.json";
  io::save_problem(p, out.string());
  EXPECT_FALSE(fs::exists(out.string() + ".tmp"));
  EXPECT_EQ(io::dump_problem(io::load_problem(out.string())), io::dump_problem(p));
  // A directory that does not exist: an error, and nothing written.
  EXPECT_THROW(io::save_problem(p, (dir / "missing" / "x.json").string()), talentmatch::error);
  EXPECT_FALSE(fs::exists(dir / "missing"));
  fs::remove_all(dir);
}
