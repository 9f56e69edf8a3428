// Plan JSON (io/plan_json.hpp, DESIGN.md section 7): the keys other tools read, in the design's order; detail fields
// only where they apply; no non-finite number is ever written (the error names the field); plan_from_json reads back
// everything written (a plan pickles as its JSON), naming the JSON path of every issue; save_plan writes whole or not
// at all.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/expect_error.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/io/file.hpp"
#include "talentmatch/io/plan_json.hpp"
#include "talentmatch/plan/plan.hpp"

namespace fs = std::filesystem;
namespace io = talentmatch::io;
namespace tp = talentmatch::plan;
using talentmatch::test::expect_error;

namespace {

// A plan with one of everything, built by hand (the oracle is the design's list of keys, not the matcher).
tp::plan sample_plan() {
  tp::plan p;
  p.objective = 7.5;
  p.slots = 3;
  p.filled = 2;
  p.assignments.push_back({"e-liu", "p-icu", "health", "hospital", 0, 0, 4.0, 1.0, false, "fit 1.00: icu met"});
  p.assignments.push_back(
      {"e-sun", "p-math", "education", "school", 1, 1, 3.5, 0.875, true, "required by a pair rule"});
  tp::unfilled_post u;
  u.post = "p-icu2";
  u.department = "health";
  u.unit = "hospital";
  u.post_index = 2;
  u.slots = 1;
  u.filled = 0;
  u.missing.push_back({"icu", 4, 3, 5, true});
  tp::blocked_pair essential;
  essential.expert = "e-ma";
  essential.fit = 0.75;
  essential.value = 3;
  essential.rule = "essential";
  essential.blocked_by = "essential skill icu: level 3 < 4";
  essential.skill = "icu";
  essential.level = 3;
  essential.min_level = 4;
  essential.province = "Heilongjiang";
  tp::blocked_pair outbid;
  outbid.expert = "e-liu";
  outbid.fit = 1;
  outbid.value = 4;
  outbid.feasible = true;
  outbid.rule = "outbid";
  outbid.blocked_by = "holds p-icu (value 4)";
  outbid.by_post = "p-icu";
  outbid.by_value = 4;
  outbid.institution = "HMU";
  tp::blocked_pair quota;
  quota.expert = "e-sun";
  quota.rule = "quota";
  quota.feasible = true;
  quota.blocked_by = "constraint health-max at its max";
  quota.constraint = "health-max";
  tp::blocked_pair months;
  months.expert = "e-wu";
  months.rule = "months";
  months.blocked_by = "available 3 months < 6";
  months.level = 3;
  months.min_level = 6;
  u.closest = {essential, outbid, quota, months};
  u.provinces = {"Heilongjiang"};
  u.institutions = {"HMU"};
  p.unfilled.push_back(u);
  p.unassigned.push_back({"e-ma", 2, "no_feasible_post", "no post takes e-ma", "", 0});
  p.unassigned.push_back({"e-wu", 3, "outbid", "p-icu went to e-liu", "p-icu", 2.5});
  p.alternates.push_back({"p-icu", {{"e-ma", 2, 3, 0.75, 1.0}}});
  p.post_prices = {{"p-icu", 1.5}, {"p-math", 0}, {"p-icu2", 0}};
  p.constraint_prices.push_back({"health-max", "posts", "max", 1, 0.5});
  p.cert.ok = true;
  p.cert.gap = 0;
  return p;
}

std::vector<std::string> keys_of(const nlohmann::ordered_json& o) {
  std::vector<std::string> out;
  for (auto it = o.begin(); it != o.end(); ++it) out.push_back(it.key());
  return out;
}

using keys = std::vector<std::string>;

}  // namespace

TEST(PlanJson, WritesTheDesignsKeysInOrder) {
  const nlohmann::ordered_json doc = io::plan_to_json(sample_plan());
  EXPECT_EQ(keys_of(doc),
            (keys{"format", "kind", "objective", "assignments", "unfilled", "unassigned", "unassigned_reasons",
                  "alternates", "certificate", "shadow_prices", "constraint_prices", "fill_first", "slots", "filled"}));
  EXPECT_EQ(doc["format"], "talentmatch-plan/1");
  EXPECT_EQ(doc["kind"], "posts");
  EXPECT_EQ(doc["objective"], 7.5);
  EXPECT_EQ(keys_of(doc["assignments"][0]),
            (keys{"expert", "post", "value", "fit", "department", "unit", "required", "reason"}));
  EXPECT_EQ(doc["assignments"][1]["required"], true);
  const auto& u = doc["unfilled"][0];
  EXPECT_EQ(keys_of(u),
            (keys{"post", "slots", "filled", "department", "unit", "missing", "closest", "provinces", "institutions"}));
  EXPECT_EQ(keys_of(u["missing"][0]), (keys{"skill", "level", "best_available", "importance", "essential"}));
  const keys base{"expert", "fit", "value", "feasible", "rule", "blocked_by"};
  auto with = [&](keys extra) {
    keys k = base;
    k.insert(k.end(), extra.begin(), extra.end());
    return k;
  };
  EXPECT_EQ(keys_of(u["closest"][0]), with({"skill", "level", "min_level", "province"}));
  EXPECT_EQ(keys_of(u["closest"][1]), with({"by_post", "by_value", "institution"}));
  EXPECT_EQ(keys_of(u["closest"][2]), with({"constraint"}));
  EXPECT_EQ(keys_of(u["closest"][3]), with({"level", "min_level"}));
  EXPECT_EQ(doc["unassigned"], (nlohmann::ordered_json{"e-ma", "e-wu"}));
  EXPECT_EQ(keys_of(doc["unassigned_reasons"][0]),
            (keys{"expert", "reason", "explanation", "best_post", "best_value"}));
  EXPECT_TRUE(doc["unassigned_reasons"][0]["best_post"].is_null());
  EXPECT_EQ(doc["unassigned_reasons"][1]["best_post"], "p-icu");
  EXPECT_EQ(keys_of(doc["alternates"]), (keys{"p-icu"}));
  EXPECT_EQ(keys_of(doc["alternates"]["p-icu"][0]), (keys{"expert", "value", "fit", "loss", "exact"}));
  EXPECT_EQ(keys_of(doc["certificate"]), (keys{"ok", "gap", "min_reduced_cost", "max_slackness", "tolerance"}));
  EXPECT_EQ(keys_of(doc["shadow_prices"]), (keys{"posts", "constraints"}));
  EXPECT_EQ(keys_of(doc["shadow_prices"]["posts"]), (keys{"p-icu", "p-math", "p-icu2"}));
  EXPECT_EQ(doc["shadow_prices"]["constraints"]["health-max"], 0.5);
  EXPECT_EQ(keys_of(doc["constraint_prices"][0]), (keys{"name", "side", "bound", "load", "price"}));
}

TEST(PlanJson, DoublesStayDoubles) {
  const std::string text = io::dump_plan(sample_plan(), -1);
  EXPECT_NE(text.find("\"value\":4.0"), std::string::npos) << text;
  EXPECT_NE(text.find("\"slots\":1,"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

TEST(PlanJson, CertificateMessageAndDiffOnlyWhenPresent) {
  tp::plan p = sample_plan();
  p.cert.ok = false;
  p.cert.gap = 0.25;
  p.cert.message = "reduced cost -1 < 0";
  p.has_diff = true;
  p.switching_cost = 0.5;
  p.diff.kept = {p.assignments[0]};
  p.diff.added = {p.assignments[1]};
  p.diff.removed = {};
  p.diff.moved = {{"e-sun", "p-icu2", "p-math"}};
  p.diff.value_change = 1.25;
  const nlohmann::ordered_json doc = io::plan_to_json(p);
  EXPECT_EQ(keys_of(doc["certificate"]),
            (keys{"ok", "gap", "min_reduced_cost", "max_slackness", "tolerance", "message"}));
  EXPECT_EQ(doc["certificate"]["message"], "reduced cost -1 < 0");
  ASSERT_TRUE(doc.contains("diff"));
  EXPECT_EQ(keys_of(doc["diff"]), (keys{"kept", "added", "removed", "moved", "value_change"}));
  EXPECT_EQ(keys_of(doc["diff"]["moved"][0]), (keys{"expert", "from", "to"}));
  EXPECT_EQ(doc["diff"]["kept"][0]["expert"], "e-liu");
  EXPECT_EQ(doc["diff"]["value_change"], 1.25);
  EXPECT_EQ(doc["switching_cost"], 0.5);
  EXPECT_EQ(keys_of(doc).back(), "switching_cost");
}

TEST(PlanJson, NonFiniteNumbersAreNeverWritten) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  {
    tp::plan p = sample_plan();
    p.assignments[1].fit = nan;
    expect_error([&] { io::dump_plan(p); }, {"/assignments/1/fit", "NaN"});
  }
  {
    tp::plan p = sample_plan();
    p.objective = -inf;
    expect_error([&] { io::plan_to_json(p); }, {"/objective", "infinite"});
  }
  {
    tp::plan p = sample_plan();
    p.unfilled[0].closest[1].by_value = inf;
    expect_error([&] { io::plan_to_json(p); }, {"/unfilled/0/closest/1/by_value"});
  }
  {
    tp::plan p = sample_plan();
    p.post_prices[0].post = "a/b";
    p.post_prices[0].price = nan;
    expect_error([&] { io::plan_to_json(p); }, {"/shadow_prices/posts/a~1b"});
  }
  {
    tp::plan p = sample_plan();
    p.has_diff = true;
    p.diff.removed = {p.assignments[0]};
    p.diff.removed[0].value = inf;
    expect_error([&] { io::plan_to_json(p); }, {"/diff/removed/0/value"});
  }
  {
    tp::plan p = sample_plan();
    p.unfilled[0].missing[0].best_available = nan;
    expect_error([&] { io::plan_to_json(p); }, {"/unfilled/0/missing/0/best_available"});
  }
}

TEST(PlanJson, InvalidUtf8IsAnError) {
  tp::plan p = sample_plan();
  p.assignments[0].reason = "bad \xff byte";
  expect_error([&] { io::dump_plan(p); }, {"UTF-8"});
}

TEST(PlanJson, RoundTripKeepsWhatReplanReads) {
  tp::plan p = sample_plan();
  p.fill_first = true;
  const tp::plan q = io::plan_from_json(io::dump_plan(p));
  EXPECT_EQ(q.kind, "posts");
  EXPECT_EQ(q.objective, p.objective);
  EXPECT_TRUE(q.fill_first);
  EXPECT_EQ(q.slots, 3);
  EXPECT_EQ(q.filled, 2);
  ASSERT_EQ(q.assignments.size(), p.assignments.size());
  for (std::size_t k = 0; k < p.assignments.size(); ++k) {
    const tp::assignment& a = p.assignments[k];
    const tp::assignment& b = q.assignments[k];
    EXPECT_EQ(b.expert, a.expert);
    EXPECT_EQ(b.post, a.post);
    EXPECT_EQ(b.department, a.department);
    EXPECT_EQ(b.unit, a.unit);
    EXPECT_EQ(b.value, a.value);  // exact: nlohmann writes the shortest text that reads back the same double
    EXPECT_EQ(b.fit, a.fit);
    EXPECT_EQ(b.required, a.required);
    EXPECT_EQ(b.reason, a.reason);
    EXPECT_EQ(b.expert_index, -1);
  }
  // Writing what was read gives the same assignments again.
  EXPECT_EQ(io::plan_to_json(q)["assignments"], io::plan_to_json(p)["assignments"]);
}

TEST(PlanJson, RoundTripOfAwkwardNumbers) {
  tp::plan p;
  p.assignments.push_back({"e", "p", "d", "u", 0, 0, 0.1 + 0.2, 1.0 / 3.0, false, ""});
  p.assignments.push_back({"e2", "p", "d", "u", 1, 0, -0.0, 5e-324, false, "\xe5\xaf\x8c\xe8\x95\xb4"});
  p.objective = 0.1 + 0.2;
  const tp::plan q = io::plan_from_json(io::dump_plan(p, -1));
  EXPECT_EQ(q.assignments[0].value, 0.1 + 0.2);
  EXPECT_EQ(q.assignments[0].fit, 1.0 / 3.0);
  EXPECT_EQ(q.assignments[1].fit, 5e-324);
  EXPECT_EQ(q.assignments[1].reason, "\xe5\xaf\x8c\xe8\x95\xb4");
  EXPECT_EQ(q.objective, 0.1 + 0.2);
}

TEST(PlanJson, ReadingNamesTheJsonPathOfEveryIssue) {
  auto issues_of = [](const std::string& text) {
    try {
      io::plan_from_json(text);
    } catch (const talentmatch::validation_error& e) {
      return e.issues();
    }
    return std::vector<talentmatch::issue>{};
  };
  auto has = [](const std::vector<talentmatch::issue>& issues, const std::string& path, const std::string& part) {
    for (const auto& i : issues) {
      if (i.path == path && i.message.find(part) != std::string::npos) return true;
    }
    return false;
  };
  auto is = issues_of(R"({"format": "talentmatch/1", "kind": "mentors", "objective": "7",
                         "assignments": [{"expert": 3, "value": 1, "fit": null}, 5], "fill_first": 1, "slots": -2})");
  EXPECT_TRUE(has(is, "/format", "talentmatch-plan/1"));
  EXPECT_TRUE(has(is, "/kind", "mentors"));
  EXPECT_TRUE(has(is, "/objective", "expected a number, got a string"));
  EXPECT_TRUE(has(is, "/assignments/0/expert", "expected a string"));
  EXPECT_TRUE(has(is, "/assignments/0/post", "missing required key"));
  EXPECT_TRUE(has(is, "/assignments/0/fit", "got null"));
  EXPECT_TRUE(has(is, "/assignments/1", "expected an object"));
  EXPECT_TRUE(has(is, "/fill_first", "true or false"));
  EXPECT_TRUE(has(is, "/slots", "-2"));
  EXPECT_EQ(is.size(), 9u);
  EXPECT_TRUE(has(issues_of("[]"), "", "must be a JSON object"));
  EXPECT_TRUE(has(issues_of("{}"), "/format", "missing"));
  EXPECT_TRUE(has(issues_of("{}"), "/assignments", "missing"));
  EXPECT_TRUE(has(issues_of(R"({"format": "talentmatch-plan/1"})"), "/kind", "missing"));
  EXPECT_TRUE(has(issues_of("{\"format\": "), "", "not valid JSON"));
  EXPECT_TRUE(has(issues_of(""), "", "not valid JSON"));
  EXPECT_TRUE(has(issues_of(R"({"format": 1e400})"), "", "not a valid plan"));
  EXPECT_TRUE(has(issues_of(R"({"format": "talentmatch-plan/1", "kind": "posts", "objective": 0,
                               "assignments": {}})"),
                  "/assignments", "expected an array, got an object"));
  // Keys it does not read are ignored (other tools annotate plans).
  EXPECT_TRUE(issues_of(R"({"format": "talentmatch-plan/1", "kind": "posts", "objective": 0, "assignments": [],
                            "note": "checked by the county", "certificate": {"ok": true, "by": "county"}})")
                  .empty());
  // The sections past the assignments are read too, and checked as closely.
  is = issues_of(R"({"format": "talentmatch-plan/1", "kind": "posts", "objective": 0, "assignments": [],
                    "unfilled": [{"post": "p", "missing": [{"skill": "icu", "level": "4"}], "closest": [7],
                                  "provinces": ["HLJ", 3]}],
                    "unassigned_reasons": 5, "alternates": {"p/x": [{"expert": "e", "value": 1}]},
                    "certificate": {"gap": 0}, "shadow_prices": {"posts": {"p": "1.5"}},
                    "constraint_prices": [{"name": "c", "side": "posts", "bound": "max", "load": -1, "price": 0}],
                    "diff": {"moved": [{"expert": "e", "from": "p"}]}})");
  EXPECT_TRUE(has(is, "/unfilled/0/missing/0/level", "expected a number, got a string"));
  EXPECT_TRUE(has(is, "/unfilled/0/closest/0", "expected an object"));
  EXPECT_TRUE(has(is, "/unfilled/0/provinces/1", "expected a string"));
  EXPECT_TRUE(has(is, "/unassigned_reasons", "expected an array"));
  EXPECT_TRUE(has(is, "/alternates/p~1x/0/loss", "missing required key"));
  EXPECT_TRUE(has(is, "/certificate/ok", "missing required key"));
  EXPECT_TRUE(has(is, "/shadow_prices/posts/p", "expected a number, got a string"));
  EXPECT_TRUE(has(is, "/constraint_prices/0/load", "-1"));
  EXPECT_TRUE(has(is, "/diff/moved/0/to", "missing required key"));
  EXPECT_EQ(is.size(), 9u);
}

TEST(PlanJson, RoundTripIsWhole) {
  tp::plan p = sample_plan();
  p.cert = {false, 0.25, -1, 0.5, 1e-9, "reduced cost -1 < 0"};
  p.has_diff = true;
  p.switching_cost = 0.5;
  p.diff.kept = {p.assignments[0]};
  p.diff.added = {p.assignments[1]};
  p.diff.moved = {{"e-sun", "p-icu2", "p-math"}};
  p.diff.value_change = 1.25;
  p.alternates.push_back({"p-a/b", {{"e-wu", 3, 1, 0.5, 0.25, false}, {"e-ma", 2, 0, 0.5, 0.25, true}}});
  const tp::plan q = io::plan_from_json(io::dump_plan(p, -1));
  // Against the hand-built plan, field by field (indices are not written: -1).
  ASSERT_EQ(q.unfilled.size(), 1u);
  const tp::unfilled_post& u = q.unfilled[0];
  EXPECT_EQ(u.post, "p-icu2");
  EXPECT_EQ(u.post_index, -1);
  EXPECT_EQ(u.slots, 1);
  EXPECT_EQ(u.filled, 0);
  EXPECT_EQ(u.department, "health");
  ASSERT_EQ(u.missing.size(), 1u);
  EXPECT_EQ(u.missing[0].skill, "icu");
  EXPECT_EQ(u.missing[0].level, 4);
  EXPECT_EQ(u.missing[0].best_available, 3);
  EXPECT_EQ(u.missing[0].importance, 5);
  EXPECT_TRUE(u.missing[0].essential);
  ASSERT_EQ(u.closest.size(), 4u);
  EXPECT_EQ(u.closest[0].skill, "icu");
  EXPECT_EQ(u.closest[0].level, 3);
  EXPECT_EQ(u.closest[0].min_level, 4);
  EXPECT_EQ(u.closest[0].province, "Heilongjiang");
  EXPECT_EQ(u.closest[1].by_post, "p-icu");
  EXPECT_EQ(u.closest[1].by_value, 4);
  EXPECT_TRUE(u.closest[1].feasible);
  EXPECT_EQ(u.closest[1].institution, "HMU");
  EXPECT_EQ(u.closest[2].constraint, "health-max");
  EXPECT_EQ(u.closest[3].rule, "months");
  EXPECT_EQ(u.closest[3].blocked_by, "available 3 months < 6");
  EXPECT_EQ(u.provinces, (std::vector<std::string>{"Heilongjiang"}));
  EXPECT_EQ(u.institutions, (std::vector<std::string>{"HMU"}));
  ASSERT_EQ(q.unassigned.size(), 2u);
  EXPECT_EQ(q.unassigned[0].best_post, "");
  EXPECT_EQ(q.unassigned[1].expert, "e-wu");
  EXPECT_EQ(q.unassigned[1].reason, "outbid");
  EXPECT_EQ(q.unassigned[1].explanation, "p-icu went to e-liu");
  EXPECT_EQ(q.unassigned[1].best_post, "p-icu");
  EXPECT_EQ(q.unassigned[1].best_value, 2.5);
  ASSERT_EQ(q.alternates.size(), 2u);  // in the written order, not sorted by post id
  EXPECT_EQ(q.alternates[0].post, "p-icu");
  EXPECT_EQ(q.alternates[1].post, "p-a/b");
  ASSERT_EQ(q.alternates[1].experts.size(), 2u);
  EXPECT_EQ(q.alternates[1].experts[0].expert, "e-wu");
  EXPECT_EQ(q.alternates[1].experts[0].loss, 0.25);
  EXPECT_FALSE(q.alternates[1].experts[0].exact);
  EXPECT_EQ(q.post_prices.size(), 3u);
  EXPECT_EQ(q.post_prices[0].post, "p-icu");
  EXPECT_EQ(q.post_prices[0].price, 1.5);
  EXPECT_EQ(q.post_prices[2].post, "p-icu2");
  ASSERT_EQ(q.constraint_prices.size(), 1u);
  EXPECT_EQ(q.constraint_prices[0].name, "health-max");
  EXPECT_EQ(q.constraint_prices[0].side, "posts");
  EXPECT_EQ(q.constraint_prices[0].bound, "max");
  EXPECT_EQ(q.constraint_prices[0].load, 1);
  EXPECT_EQ(q.constraint_prices[0].price, 0.5);
  EXPECT_FALSE(q.cert.ok);
  EXPECT_EQ(q.cert.gap, 0.25);
  EXPECT_EQ(q.cert.min_reduced_cost, -1);
  EXPECT_EQ(q.cert.max_slackness, 0.5);
  EXPECT_EQ(q.cert.tolerance, 1e-9);
  EXPECT_EQ(q.cert.message, "reduced cost -1 < 0");
  ASSERT_TRUE(q.has_diff);
  EXPECT_EQ(q.switching_cost, 0.5);
  ASSERT_EQ(q.diff.kept.size(), 1u);
  EXPECT_EQ(q.diff.kept[0].expert, "e-liu");
  ASSERT_EQ(q.diff.added.size(), 1u);
  EXPECT_TRUE(q.diff.added[0].required);
  EXPECT_TRUE(q.diff.removed.empty());
  ASSERT_EQ(q.diff.moved.size(), 1u);
  EXPECT_EQ(q.diff.moved[0].to, "p-math");
  EXPECT_EQ(q.diff.value_change, 1.25);
  // And what was read writes the same text again.
  EXPECT_EQ(io::dump_plan(q, -1), io::dump_plan(p, -1));
}

TEST(PlanJson, SaveWritesWholeOrNothing) {
  const fs::path dir = fs::temp_directory_path() / ("tm-plan-json-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "plan.json").string();
  io::save_plan(sample_plan(), path);
  EXPECT_EQ(io::read_file(path), io::dump_plan(sample_plan()));
  EXPECT_EQ(io::load_plan(path).assignments.size(), 2u);
  // A plan that cannot be written leaves the old file as it was and no temporary file.
  tp::plan bad = sample_plan();
  bad.objective = std::numeric_limits<double>::quiet_NaN();
  expect_error([&] { io::save_plan(bad, path); }, {"/objective"});
  EXPECT_EQ(io::read_file(path), io::dump_plan(sample_plan()));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}), 1);
  // A missing folder: a file_error naming it.
  expect_error([&] { io::save_plan(sample_plan(), (dir / "no" / "plan.json").string()); }, {"does not exist"});
  EXPECT_FALSE(fs::exists(dir / "no"));
  fs::remove_all(dir);
}
