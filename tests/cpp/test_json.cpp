// The problem document: JSON -> model -> JSON is the identity; every issue is collected with its JSON pointer;
// the documents in tests/data/invalid each raise the issue listed in tests/data/invalid/expected.json (when present);
// a problem built in C++ gets the same checks; files are written whole or not at all. Text the JSON grammar rejects
// or nlohmann would read silently (duplicate keys, a byte order mark, comments, empty text, deep nesting, integers
// beyond the model's types, weights that would overflow) gets an issue that says what is wrong and where.

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

// The issues parse_problem raises for `text`; empty when the text loads.
std::vector<talentmatch::issue> issues_of_text(const std::string& text) {
  try {
    io::parse_problem(text);
  } catch (const talentmatch::validation_error& e) {
    return e.issues();
  }
  return {};
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `text` with its first `from` replaced by `to` (the test fails if there is none).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
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

// --- text that is not a plain JSON document ----------------------------------------------------------------------

TEST(Json, DuplicateKeysAreIssuesAtTheKeysPath) {
  const std::string base = read_text(data_dir + "/invalid/valid_base.json");
  // The first level is out of range and hidden behind a valid second one: nlohmann alone keeps the second.
  std::string text =
      replaced(base, R"("skills": {"med.icu": 5, "med": 4})", R"("skills": {"med.icu": 9, "med.icu": 5})");
  text = replaced(text, R"("id": "p-icu",)", R"("id": "p-icu", "slots": 3, "id": "p-x",)");
  text = replaced(text, R"("format": "talentmatch/1",)", R"("format": "talentmatch/1", "format": "talentmatch/1",)");
  text = replaced(text, R"("unit": "school", )", R"("unit": "school", "slots": 0, )");
  const auto issues = issues_of_text(text);
  EXPECT_TRUE(has_issue(issues, "/experts/0/skills/med.icu", "duplicate key \"med.icu\"")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/0/id", "duplicate key \"id\"")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/0/slots", "duplicate key \"slots\"")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/format", "duplicate key \"format\"")) << listing(issues);
  // Reported together with the other issues: the first value counts (level 9 is out of range, the id is "p-icu").
  EXPECT_TRUE(has_issue(issues, "/experts/0/skills/med.icu", "outside 0..7")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/2/slots", "duplicate key \"slots\"")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/2/slots", "below 1")) << listing(issues);
  EXPECT_EQ(issues.size(), 7u) << listing(issues);
  // A key escaped in the pointer, and one nested inside a duplicate's dropped value.
  const auto escaped = issues_of_text(replaced(base, R"("med": 4})", R"("a/b": 4, "a/b": {"x": 1, "x": 2}})"));
  EXPECT_TRUE(has_issue(escaped, "/experts/0/skills/a~1b", "duplicate key \"a/b\"")) << listing(escaped);
}

TEST(Json, EmptyNullByteOrderMarkAndCommentsSayWhatIsWrong) {
  const std::string base = read_text(data_dir + "/invalid/valid_base.json");
  ASSERT_TRUE(issues_of_text(base).empty());
  auto only = [](const std::vector<talentmatch::issue>& issues, const std::string& part) {
    return issues.size() == 1 && issues[0].path.empty() && issues[0].message.find(part) != std::string::npos;
  };
  EXPECT_TRUE(only(issues_of_text(""), "the document is empty")) << listing(issues_of_text(""));
  EXPECT_TRUE(only(issues_of_text(" \n\t\r\n"), "only white space")) << listing(issues_of_text(" \n"));
  EXPECT_TRUE(only(issues_of_text("null"), "must be a JSON object, got null")) << listing(issues_of_text("null"));
  const auto bom = issues_of_text("\xEF\xBB\xBF" + base);
  EXPECT_TRUE(only(bom, "byte order mark")) << listing(bom);
  const auto utf16 = issues_of_text("\xFF\xFE{\0}");
  EXPECT_TRUE(only(utf16, "UTF-16")) << listing(utf16);
  const auto line = issues_of_text("// the Fuyun posts\n" + base);
  EXPECT_TRUE(only(line, "JSON has no comments, and one starts at line 1, column 1")) << listing(line);
  const auto block = issues_of_text(replaced(base, R"("capacity": 1,)", R"("capacity": 1 /* one post */,)"));
  EXPECT_TRUE(only(block, "JSON has no comments, and one starts at line 9")) << listing(block);
  // A "/" inside a string is no comment: an unterminated string stays a syntax error.
  const auto string = issues_of_text(R"({"format": "talentmatch/)");
  EXPECT_TRUE(only(string, "missing closing quote")) << listing(string);
}

TEST(Json, DeepNestingIsAnIssueWithItsPath) {
  // 100,000 levels: nlohmann's parser is iterative, but anything that walks the DOM recursively (dump() in an error
  // message) would overflow the stack.
  const int n = 100000;
  const std::string deep = std::string(n, '[') + std::string(n, ']');
  const auto issues = issues_of_text(R"({"skills": [], "experts": [], "posts": [], "format": )" + deep + "}");
  std::string path = "/format";
  for (std::size_t level = 3; level <= io::max_depth + 1; ++level) path += "/0";  // the 257th container
  ASSERT_EQ(issues.size(), 1u) << listing(issues).substr(0, 300);
  EXPECT_EQ(issues[0].path, path);
  EXPECT_NE(issues[0].message.find("nested more than 256 levels"), std::string::npos) << issues[0].message;
  // The limit itself is allowed: 256 levels (the document and 255 below it) read, and fail only on their meaning.
  const std::string ok = std::string(254, '[') + std::string(254, ']');
  const auto fine = issues_of_text(R"({"skills": [], "experts": [], "posts": [], "format": [)" + ok + "]}");
  ASSERT_EQ(fine.size(), 1u) << listing(fine).substr(0, 300);
  EXPECT_EQ(fine[0].path, "/format");
  EXPECT_EQ(issues_of_text(deep + "{").size(), 1u);
  EXPECT_EQ(issues_of_text(std::string(n, '{')).size(), 1u);  // a key is missing: a syntax error at level 1
}

TEST(Json, IntegersOutOfRangeSaySoAndGiveTheLimit) {
  nlohmann::json doc = read_json(data_dir + "/fuyun.json");
  // Every integer field of the document (DESIGN.md section 4), each beyond int (or int64 for the seed).
  doc["experts"][0]["capacity"] = 1e18;
  doc["experts"][0]["mentor_capacity"] = 4294967296LL;
  doc["posts"][0]["slots"] = 1e18;
  doc["posts"][0]["min_fill"] = -3e9;
  doc["posts"][1]["requires"][0]["importance"] = 2147483648LL;
  doc["posts"][1]["requires"][1]["min_level"] = 1e300;
  doc["staff"][0]["goals"][0]["importance"] = 1e10;
  doc["hosts"][0]["capacity"] = 18446744073709551615ULL;
  doc["constraints"] = {{{"name", "q"}, {"side", "posts"}, {"where", {{"unit", "x"}}}, {"min", 1e12}, {"max", 1e12}}};
  doc["settings"]["seed"] = 18446744073709551615ULL;
  const auto issues = issues_of(doc);
  const std::string int_max = "is above the largest allowed, 2147483647";
  EXPECT_TRUE(has_issue(issues, "/experts/0/capacity", "capacity 1e+18 " + int_max)) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/experts/0/mentor_capacity", "4294967296 " + int_max)) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/0/slots", "slots 1e+18 " + int_max)) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/0/min_fill", "is below the smallest allowed, -2147483648")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/1/requires/0/importance", "2147483648 " + int_max)) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/posts/1/requires/1/min_level", int_max)) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/staff/0/goals/0/importance", int_max)) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/hosts/0/capacity", "18446744073709551615 " + int_max)) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/constraints/0/min", int_max)) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/constraints/0/max", int_max)) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/settings/seed", "is above the largest allowed, 9223372036854775807"))
      << listing(issues);
  EXPECT_EQ(issues.size(), 11u) << listing(issues);
  // The limits themselves are read; a fraction is still "not a whole number"; whole doubles are whole numbers.
  doc = read_json(data_dir + "/fuyun.json");
  doc["posts"][0]["slots"] = 2147483647;
  doc["settings"]["seed"] = -9223372036854775807LL - 1;
  EXPECT_TRUE(issues_of(doc).empty()) << listing(issues_of(doc));
  doc["settings"]["seed"] = 1e3;
  EXPECT_EQ(io::problem_from_json(doc).config->seed, 1000);
  doc["settings"]["seed"] = 9.3e18;
  EXPECT_TRUE(has_issue(issues_of(doc), "/settings/seed", "9223372036854775807")) << listing(issues_of(doc));
  doc["settings"]["seed"] = 2.5;
  EXPECT_TRUE(has_issue(issues_of(doc), "/settings/seed", "expected a whole number")) << listing(issues_of(doc));
  doc["settings"]["seed"] = 1;
  doc["posts"][0]["slots"] = 2.5;
  EXPECT_TRUE(has_issue(issues_of(doc), "/posts/0/slots", "expected a whole number, got 2.5"))
      << listing(issues_of(doc));
}

TEST(Json, ANumberNoDoubleHoldsNamesItsPath) {
  const auto issues = issues_of_text(read_text(data_dir + "/invalid/number_too_large.json"));
  ASSERT_EQ(issues.size(), 1u) << listing(issues);
  EXPECT_EQ(issues[0].path, "/experts/1/available_months");
  EXPECT_NE(issues[0].message.find("1e400 is too large"), std::string::npos) << issues[0].message;
  EXPECT_NE(issues[0].message.find("line 10"), std::string::npos) << issues[0].message;
}

TEST(Json, WeightsAndBonusesThatCouldOverflowAreRejected) {
  nlohmann::json doc = read_json(data_dir + "/fuyun.json");
  doc["settings"]["weights"] = {{"fit", 1e308}, {"bonus", 1e101}};
  doc["pairs"][1]["value"] = -1e308;
  auto issues = issues_of(doc);
  EXPECT_TRUE(has_issue(issues, "/settings/weights/fit", "weight 1e+308 is above the largest allowed, 1e+100"))
      << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/settings/weights/bonus", "above the largest allowed, 1e+100")) << listing(issues);
  EXPECT_TRUE(has_issue(issues, "/pairs/1/value", "value -1e+308 is outside -1e+100..1e+100")) << listing(issues);
  EXPECT_EQ(issues.size(), 3u) << listing(issues);
  doc["settings"]["weights"] = {{"fit", talentmatch::model::max_weight}, {"bonus", talentmatch::model::max_weight}};
  doc["pairs"][1]["value"] = -talentmatch::model::max_bonus;
  EXPECT_TRUE(issues_of(doc).empty()) << listing(issues_of(doc));
}

TEST(Json, LoadProblemNamesTheFileAndTheReason) {
  const std::string missing = data_dir + "/no-such-file.json";
  try {
    io::load_problem(missing);
    FAIL() << "loaded";
  } catch (const talentmatch::error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read " + missing + ": No such file or directory");
  }
  try {
    io::load_problem(data_dir);
    FAIL() << "loaded";
  } catch (const talentmatch::error& e) {
    EXPECT_NE(std::string(e.what()).find("is a folder"), std::string::npos) << e.what();
  }
  // The messages of the text reader hold for files too: a file with a byte order mark.
  const fs::path dir = fs::temp_directory_path() / "talentmatch_test_json_bom";
  fs::create_directories(dir);
  const std::string bom = (dir / "bom.json").string();
  std::ofstream(bom, std::ios::binary) << "\xEF\xBB\xBF" << read_text(data_dir + "/invalid/valid_base.json");
  try {
    io::load_problem(bom);
    ADD_FAILURE() << "loaded";
  } catch (const talentmatch::validation_error& e) {
    EXPECT_NE(std::string(e.what()).find("byte order mark"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}
