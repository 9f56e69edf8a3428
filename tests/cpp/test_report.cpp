// The reports (io/text.hpp, io/html.hpp): display width of UTF-8 text (ASCII, CJK, fullwidth, combining marks),
// truncation at a code point boundary, the terminal table against a checked-in golden file with Chinese names whose
// columns are checked to line up by an independent width count, and the HTML report's escaping and self-containment;
// the same for the pairing reports (a mentor pairing and a placement built by hand) and the combined report.
//
// Oracles: widths by hand from the Unicode charts; the golden file, checked by eye and by line_cells below (a width
// count that shares no code with text.hpp: a short list of the CJK blocks the sample uses); the plan is built by
// hand, not by the matcher, so the golden output changes only when the rendering does.

#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "talentmatch/io/html.hpp"
#include "talentmatch/io/json.hpp"
#include "talentmatch/io/text.hpp"
#include "talentmatch/plan/pairing.hpp"
#include "talentmatch/plan/plan.hpp"

namespace io = talentmatch::io;
namespace tp = talentmatch::plan;

namespace {

const std::string golden_dir = TALENTMATCH_TEST_DATA "/golden";

// --- An independent width count --------------------------------------------------------------------------------

// The code points of s (well-formed UTF-8 only: the sample is).
std::vector<char32_t> code_points(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(c);
    i += n;
  }
  return out;
}

// Wide: the CJK blocks of the sample (Unified Ideographs, CJK punctuation, fullwidth forms, Hangul syllables).
// Zero: the combining diacritical marks block.
int simple_width(char32_t c) {
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF60) ||
      (c >= 0xAC00 && c <= 0xD7A3)) {
    return 2;
  }
  if (c >= 0x300 && c <= 0x36F) return 0;
  return 1;
}

// A line as terminal cells: each cell the code point that starts there, '\1' where a wide one continues (combining
// marks stay with the cell before).
std::vector<char32_t> line_cells(const std::string& line) {
  std::vector<char32_t> cells;
  for (const char32_t c : code_points(line)) {
    const int w = simple_width(c);
    if (w == 0) continue;
    cells.push_back(c);
    if (w == 2) cells.push_back(U'\1');
  }
  return cells;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

struct column_span {
  std::size_t start, end;  // display columns [start, end) of the header text
  bool right;
};

// The columns of a table's header line: cells separated by two spaces or more.
std::vector<column_span> header_columns(const std::string& line) {
  static const std::set<std::string> right = {
      "value", "fit",          "empty",        "filled",         "load",       "capacity",
      "used",  "shadow price", "level needed", "best available", "importance", "staff count"};
  const std::vector<char32_t> cells = line_cells(line);
  std::vector<column_span> out;
  std::size_t k = 0;
  while (k < cells.size()) {
    while (k < cells.size() && cells[k] == U' ') ++k;
    if (k == cells.size()) break;
    const std::size_t start = k;
    while (k < cells.size() && !(cells[k] == U' ' && (k + 1 == cells.size() || cells[k + 1] == U' '))) ++k;
    std::string name;
    for (std::size_t j = start; j < k; ++j) name += static_cast<char>(cells[j]);  // headers are ASCII
    out.push_back({start, k, right.count(name) > 0});
  }
  return out;
}

// Every table of the text (a header line starting "expert  ", "post  ", "constraint  ", or in a pairing "mentor  ",
// "host  ", "staff  " or "skill  ", and the lines below it up to a blank one): each row's cells start (left-aligned) or
// end (right-aligned) at the header's display column, no wide character straddles a column edge, and two spaces
// separate the columns. Returns the rows checked.
std::size_t check_tables_line_up(const std::string& text) {
  const std::vector<std::string> lines = lines_of(text);
  std::size_t rows = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string trimmed = lines[i].substr(
        lines[i].find_first_not_of(' ') == std::string::npos ? lines[i].size() : lines[i].find_first_not_of(' '));
    bool header = false;
    for (const char* first : {"expert  ", "post  ", "constraint  ", "mentor  ", "host  ", "staff  ", "skill  "}) {
      header = header || trimmed.rfind(first, 0) == 0;
    }
    if (!header) continue;
    const std::vector<column_span> cols = header_columns(lines[i]);
    for (std::size_t j = i + 1; j < lines.size() && !lines[j].empty(); ++j) {
      const std::vector<char32_t> cells = line_cells(lines[j]);
      const auto at = [&](std::size_t k) { return k < cells.size() ? cells[k] : U' '; };
      if (lines[j].find_first_not_of(' ') == lines[j].find("\xE2\x80\xA6 ")) continue;  // "… N more"
      for (std::size_t c = 0; c < cols.size(); ++c) {
        SCOPED_TRACE("line " + std::to_string(j + 1) + ", column " + std::to_string(c) + ": " + lines[j]);
        if (cols[c].right) {
          const std::size_t end = cols[c].end;
          EXPECT_NE(at(end - 1), U' ');
          EXPECT_EQ(at(end), U' ');
        } else {
          EXPECT_NE(at(cols[c].start), U' ');
          EXPECT_NE(at(cols[c].start), U'\1');  // not the second half of a wide character
          if (cols[c].start >= 2) {
            EXPECT_EQ(at(cols[c].start - 1), U' ');
            EXPECT_EQ(at(cols[c].start - 2), U' ');
          }
        }
      }
      ++rows;
    }
  }
  return rows;
}

// --- A plan with Chinese names ----------------------------------------------------------------------------------

// The sample's problem: experts with Chinese, fullwidth, Korean and accented (combining) names, departments and
// units in Chinese, one unit too long for a column.
talentmatch::model::problem cjk_problem() {
  return io::parse_problem(R"({
    "skills": [{"id": "med.icu", "name": "重症医学"}, {"id": "med.urology", "name": "泌尿外科"},
               {"id": "edu.math", "name": "数学教学"}, {"id": "tour.guide", "name": "导游"}],
    "experts": [
      {"id": "e-wang", "name": "王丽", "province": "黑龙江", "available_months": 12, "skills": {"med.icu": 5}},
      {"id": "e-zhang", "name": "张伟国", "available_months": 6, "skills": {"edu.math": 6}},
      {"id": "e-kim", "name": "김민수", "available_months": 6, "skills": {"tour.guide": 4}},
      {"id": "e-jose", "name": "José Martí", "available_months": 9, "skills": {"med.urology": 4}},
      {"id": "e-ab", "name": "ＡＢ工作室", "available_months": 9, "skills": {"edu.math": 3}},
      {"id": "e-liu", "name": "刘洋", "province": "黑龙江", "available_months": 4, "skills": {"med.icu": 3}}
    ],
    "posts": [
      {"id": "p-icu", "department": "卫生健康委员会", "unit": "县人民医院", "slots": 2,
       "requires": [{"skill": "med.icu", "importance": 5, "min_level": 4, "essential": true}]},
      {"id": "p-urology", "department": "卫生健康委员会", "unit": "县人民医院", "slots": 1,
       "requires": [{"skill": "med.urology", "importance": 5, "min_level": 5, "essential": true}]},
      {"id": "p-math", "department": "教育局", "unit": "富蕴县高级中学", "slots": 1,
       "requires": [{"skill": "edu.math", "importance": 4, "min_level": 5}]},
      {"id": "p-voc", "department": "教育局", "unit": "富蕴县可可托海职业技术学校（第二实训基地）", "slots": 1,
       "requires": [{"skill": "edu.math", "importance": 3, "min_level": 3}]},
      {"id": "p-guide", "department": "culture and tourism bureau", "unit": "可可托海景区", "slots": 1,
       "requires": [{"skill": "tour.guide", "importance": 3, "min_level": 3}]}
    ]})");
}

tp::assignment pair(const char* expert, std::ptrdiff_t e, const char* post, std::ptrdiff_t p, const char* department,
                    const char* unit, double value, double fit) {
  tp::assignment a;
  a.expert = expert;
  a.expert_index = e;
  a.post = post;
  a.post_index = p;
  a.department = department;
  a.unit = unit;
  a.value = value;
  a.fit = fit;
  return a;
}

tp::blocked_pair blocked(const char* expert, std::ptrdiff_t e, double fit, double value, const char* rule,
                         const char* why) {
  tp::blocked_pair b;
  b.expert = expert;
  b.expert_index = e;
  b.fit = fit;
  b.value = value;
  b.rule = rule;
  b.blocked_by = why;
  return b;
}

tp::plan cjk_plan() {
  tp::plan p;
  p.objective = 14.25;
  p.slots = 6;
  p.filled = 4;
  p.assignments = {pair("e-wang", 0, "p-icu", 0, "卫生健康委员会", "县人民医院", 5, 1),
                   pair("e-zhang", 1, "p-math", 2, "教育局", "富蕴县高级中学", 4, 1),
                   pair("e-kim", 2, "p-guide", 4, "culture and tourism bureau", "可可托海景区", 3, 1),
                   pair("e-ab", 4, "p-voc", 3, "教育局", "富蕴县可可托海职业技术学校（第二实训基地）", 2.25, 0.75)};
  tp::unfilled_post icu;
  icu.post = "p-icu";
  icu.department = "卫生健康委员会";
  icu.unit = "县人民医院";
  icu.post_index = 0;
  icu.slots = 1;
  icu.filled = 1;
  icu.missing = {{"med.icu", 4, 3, 5, true}};
  icu.closest = {blocked("e-liu", 5, 0.75, 0, "essential", "essential skill med.icu: level 3 < 4"),
                 blocked("e-jose", 3, 0, 0, "essential", "essential skill med.icu: level 0 < 4")};
  icu.provinces = {"黑龙江"};
  tp::unfilled_post urology;
  urology.post = "p-urology";
  urology.department = "卫生健康委员会";
  urology.unit = "县人民医院";
  urology.post_index = 1;
  urology.slots = 1;
  urology.missing = {{"med.urology", 5, 4, 5, true}};
  urology.closest = {blocked("e-jose", 3, 0.8, 0, "essential", "必需技能 med.urology：等级 4 < 5")};
  p.unfilled = {icu, urology};
  p.post_prices = {{"p-icu", 0}, {"p-urology", 0}, {"p-math", 4}, {"p-voc", 0}, {"p-guide", 3}};
  p.constraint_prices = {{"教育局-上限", "posts", "max", 2, 1.5}};
  tp::unassigned_expert u;
  u.expert = "e-liu";
  u.expert_index = 5;
  u.reason = "no_feasible_post";
  u.explanation = "no post is feasible";
  p.unassigned = {u};
  p.cert.ok = true;
  return p;
}

// --- A pairing by hand --------------------------------------------------------------------------------------------

talentmatch::model::problem pairing_problem() {
  return io::parse_problem(R"({
    "skills": [{"id": "med.icu", "name": "重症医学"}, {"id": "med.ct", "name": "CT诊断"}],
    "experts": [
      {"id": "e-wang", "name": "王丽", "available_months": 12, "mentor_capacity": 2, "skills": {"med.icu": 6}},
      {"id": "e-kim", "name": "김민수", "available_months": 6, "mentor_capacity": 1, "skills": {"med.icu": 5}}
    ],
    "posts": [],
    "staff": [
      {"id": "s-ma", "unit": "县人民医院", "skills": {"med.icu": 2},
       "goals": [{"skill": "med.icu", "target_level": 4, "importance": 5}]},
      {"id": "s-li", "unit": "县人民医院", "goals": [{"skill": "med.icu", "target_level": 3}]},
      {"id": "s-zhao", "unit": "吐尔洪乡卫生院", "goals": [{"skill": "med.ct", "target_level": 4, "importance": 2}]}
    ],
    "hosts": [{"id": "h-jms", "name": "佳木斯大学附属第一医院", "capacity": 1, "offers": {"med.icu": 5}}]})");
}

tp::goal_taught taught(const char* skill, double now, double target, double level, int importance) {
  tp::goal_taught g;
  g.skill = skill;
  g.staff_level = now;
  g.target_level = target;
  g.level = level;
  g.importance = importance;
  g.value = importance * (target - now);
  return g;
}

tp::pairing_assignment paired(const char* partner, const char* staff, const char* unit, tp::goal_taught g) {
  tp::pairing_assignment a;
  a.partner = partner;
  a.staff = staff;
  a.unit = unit;
  a.department = "卫生健康委员会";
  a.value = g.value;
  a.goals = {g};
  return a;
}

tp::partner partner_of(const char* id, std::ptrdiff_t capacity, std::ptrdiff_t used, double price) {
  tp::partner x;
  x.id = id;
  x.capacity = capacity;
  x.used = used;
  x.price = price;
  return x;
}

// e-wang teaches s-ma, e-kim s-li; no one teaches s-zhao CT (the recruiting brief); objective 10 + 3.
tp::pairing_plan mentor_pairing() {
  tp::pairing_plan p;
  p.kind = "mentors";
  p.format = "one_to_many";
  p.staff = 3;
  p.objective = 13;
  p.optimal_objective = 13;
  p.assignments = {paired("e-wang", "s-ma", "县人民医院", taught("med.icu", 2, 4, 6, 5)),
                   paired("e-kim", "s-li", "县人民医院", taught("med.icu", 0, 3, 5, 1))};
  tp::unpaired_staff u;
  u.staff = "s-zhao";
  u.reason = "uncovered";
  u.explanation = "no mentor it may pair with can teach any of its goals";
  p.unassigned = {u};
  tp::uncovered_goal g;
  g.skill = "med.ct";
  g.level = 5;
  g.best_available = 0;
  g.importance = 2;
  g.staff = {"s-zhao"};
  p.uncovered = {g};
  p.partners = {partner_of("e-wang", 2, 1, 0), partner_of("e-kim", 1, 1, 3)};
  p.cert.ok = true;
  return p;
}

// s-ma trains at h-jms; s-li and s-zhao stay unplaced, s-li because the one place is taken.
tp::pairing_plan placement() {
  tp::pairing_plan p;
  p.kind = "placements";
  p.staff = 3;
  p.objective = 10;
  p.optimal_objective = 10;
  p.assignments = {paired("h-jms", "s-ma", "县人民医院", taught("med.icu", 2, 4, 5, 5))};
  tp::unpaired_staff li;
  li.staff = "s-li";
  li.reason = "capacity";
  li.explanation = "every host that can teach it is full";
  li.best_partner = "h-jms";
  li.best_value = 3;
  p.unassigned = {li};
  p.partners = {partner_of("h-jms", 1, 1, 7)};
  p.cert.ok = true;
  return p;
}

std::string read_golden(const std::string& name) {
  std::ifstream in(golden_dir + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << golden_dir << "/" << name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

// --- Display width ------------------------------------------------------------------------------------------------

TEST(DisplayWidth, AsciiCountsOneAColumn) {
  EXPECT_EQ(io::display_width(""), 0u);
  EXPECT_EQ(io::display_width("p-icu"), 5u);
  EXPECT_EQ(io::display_width("county people's hospital"), 24u);
}

TEST(DisplayWidth, CjkIdeographsHangulAndPunctuationCountTwo) {
  EXPECT_EQ(io::display_width("王丽"), 4u);                      // U+738B U+4E3D
  EXPECT_EQ(io::display_width("卫生健康委员会"), 14u);           // 7 ideographs
  EXPECT_EQ(io::display_width("김민수"), 6u);                    // Hangul syllables
  EXPECT_EQ(io::display_width("，。、"), 6u);                    // U+FF0C fullwidth comma, U+3002, U+3001
  EXPECT_EQ(io::display_width("\xF0\xA0\x80\x80"), 2u);          // U+20000, CJK Extension B (plane 2)
  EXPECT_EQ(io::display_width("\xF0\x9F\x98\x80"), 2u);          // U+1F600, an emoji (East Asian Width W)
  EXPECT_EQ(io::display_width("\xE3\x81\x82\xE3\x82\xA2"), 4u);  // hiragana a, katakana a
}

TEST(DisplayWidth, FullwidthFormsCountTwo) {
  EXPECT_EQ(io::display_width("ＡＢ"), 4u);  // U+FF21 U+FF22
  EXPECT_EQ(io::display_width("１２３"), 6u);
  EXPECT_EQ(io::display_width("（）"), 4u);
  EXPECT_EQ(io::display_width("\xEF\xBD\xA1"), 1u);  // U+FF61 halfwidth ideographic full stop: narrow
}

TEST(DisplayWidth, CombiningMarksCountZero) {
  EXPECT_EQ(io::display_width("e\xCC\x81"), 1u);  // e + U+0301 combining acute
  EXPECT_EQ(io::display_width("Jose\xCC\x81"), 4u);
  EXPECT_EQ(io::display_width("a\xCC\x80\xCC\x81\xCC\x82"), 1u);  // three marks on one base
  EXPECT_EQ(io::display_width("\xE2\x80\x8B"), 0u);               // U+200B zero width space
  EXPECT_EQ(io::display_width("\xE3\x82\x99"), 0u);               // U+3099 combining kana voiced mark (Mn in a W block)
}

TEST(DisplayWidth, MixedText) {
  EXPECT_EQ(io::display_width("Wang 王丽 ＡＢ"), 14u);  // 4 + 1 + 4 + 1 + 4
  EXPECT_EQ(io::display_width("e-wang 王丽 (黑龙江)"), 20u);
  EXPECT_EQ(io::display_width("Jose\xCC\x81 王"), 7u);
}

TEST(DisplayWidth, BadBytesCountOneEach) {
  EXPECT_EQ(io::display_width("\xFF"), 1u);
  EXPECT_EQ(io::display_width("a\xE4\xB8"), 3u);     // a cut 3-byte sequence: 2 bad bytes
  EXPECT_EQ(io::display_width("\xC0\xAF"), 2u);      // overlong "/"
  EXPECT_EQ(io::display_width("\xED\xA0\x80"), 3u);  // a UTF-16 surrogate
  EXPECT_EQ(io::clean_cell("a\xFF"
                           "b"),
            "a\xEF\xBF\xBD"
            "b");  // shown as U+FFFD, still one column
  EXPECT_EQ(io::clean_cell("a\tb\nc"), "a b c");
}

TEST(DisplayWidth, TruncationFitsTheWidthAndKeepsCodePointsWhole) {
  EXPECT_EQ(io::truncate_to_width("王丽华", 6), "王丽华");
  EXPECT_EQ(io::truncate_to_width("王丽华", 5), "王丽\xE2\x80\xA6");  // 4 + the ellipsis
  EXPECT_EQ(io::truncate_to_width("王丽华", 4), "王\xE2\x80\xA6");    // a wide one does not fit in 1 column
  EXPECT_EQ(io::truncate_to_width("abcdef", 4), "abc\xE2\x80\xA6");
  EXPECT_EQ(io::truncate_to_width("Jose\xCC\x81 Mart\xC3\xAD", 5), "Jose\xCC\x81\xE2\x80\xA6");  // the mark stays
  EXPECT_EQ(io::truncate_to_width("abc", 0), "");
  for (std::size_t w = 1; w < 12; ++w) {
    const std::string cut = io::truncate_to_width("ab王丽ＡＢ김e\xCC\x81", w);
    EXPECT_LE(io::display_width(cut), w);
    EXPECT_EQ(io::clean_cell(cut), cut) << "a code point was split at width " << w;
  }
}

// --- The terminal table -----------------------------------------------------------------------------------------

TEST(Table, CjkGolden) {
  const std::string text = io::render_table(cjk_plan(), cjk_problem(), {});
  EXPECT_EQ(text, read_golden("table_cjk.txt"));
  EXPECT_EQ(check_tables_line_up(text), 10u);  // 4 assignments, 2 unfilled posts, 3 closest, 1 constraint
}

TEST(Table, ColumnsLineUpByDisplayWidthNotBytes) {
  const std::string text = io::render_table(cjk_plan(), cjk_problem(), {});
  // The byte offsets of the "p-" of each assignment's post differ (names of 2, 3 and 5 code points, 6 to 15 bytes)
  // while the display columns agree.
  std::set<std::size_t> bytes, columns;
  for (const std::string& line : lines_of(text)) {
    if (line.rfind("  e-", 0) != 0) continue;
    const std::size_t at = line.find(" p-");
    if (at == std::string::npos) continue;
    bytes.insert(at);
    columns.insert(io::display_width(line.substr(0, at)));
  }
  EXPECT_EQ(columns.size(), 1u);
  EXPECT_GT(bytes.size(), 1u);
}

TEST(Table, LongCellsAreCutWithAnEllipsis) {
  const std::string text = io::render_table(cjk_plan(), cjk_problem(), {});
  EXPECT_EQ(text.find("富蕴县可可托海职业技术学校（第二实训基地）"), std::string::npos);
  EXPECT_NE(text.find("富蕴县可可托海职业技术学校（第二实训基\xE2\x80\xA6"), std::string::npos);  // 38 + 1 columns
}

TEST(Table, ColourOnlyWhenAsked) {
  io::text_options opt;
  const std::string plain = io::render_table(cjk_plan(), cjk_problem(), opt);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  opt.colour = true;
  const std::string coloured = io::render_table(cjk_plan(), cjk_problem(), opt);
  EXPECT_NE(coloured.find("\x1b[1m"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[32mcertificate ok\x1b[0m"), std::string::npos);
  // The same text once the codes are taken out: colour never changes the alignment.
  std::string stripped;
  for (std::size_t i = 0; i < coloured.size(); ++i) {
    if (coloured[i] == '\x1b') {
      i = coloured.find('m', i);
      continue;
    }
    stripped += coloured[i];
  }
  EXPECT_EQ(stripped, plain);
}

TEST(Table, MaxRowsCountsTheRest) {
  io::text_options opt;
  opt.max_rows = 1;
  const std::string text = io::render_table(cjk_plan(), cjk_problem(), opt);
  EXPECT_NE(text.find("\xE2\x80\xA6 3 more assignments (max_rows 1)"), std::string::npos);
  EXPECT_EQ(text.find("e-zhang"), std::string::npos);
  EXPECT_EQ(text.find("p-urology: closest experts"), std::string::npos);  // one brief only
}

TEST(Table, EmptyPlanSaysSo) {
  tp::plan p;
  p.cert.ok = true;
  const std::string text = io::render_table(p, io::parse_problem(R"({"skills": [], "experts": [], "posts": []})"));
  EXPECT_NE(text.find("Plan (posts): 0/0 slots filled, objective 0, certificate ok (gap 0)"), std::string::npos);
  EXPECT_NE(text.find("none: every slot is filled"), std::string::npos);
}

// --- The HTML report --------------------------------------------------------------------------------------------

TEST(Html, IsOneSelfContainedDocument) {
  const std::string html = io::render_html(cjk_plan(), cjk_problem(), {});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  for (const char* banned : {"http://", "https://", "src=", "href=", "url(", "@import", "<script", "<link", "//"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  // Every table closed, the document ends.
  std::size_t open = 0, close = 0;
  for (std::size_t at = html.find("<table"); at != std::string::npos; at = html.find("<table", at + 1)) ++open;
  for (std::size_t at = html.find("</table>"); at != std::string::npos; at = html.find("</table>", at + 1)) ++close;
  EXPECT_EQ(open, close);
  EXPECT_GE(open, 7u);
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
}

TEST(Html, ShowsTheHeadlineBriefsShortagesAndPrices) {
  const std::string html = io::render_html(cjk_plan(), cjk_problem(), {});
  EXPECT_NE(html.find("4/6 slots filled"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"tm-objective\">14.25</span>"), std::string::npos);
  EXPECT_NE(html.find("certified optimal (gap 0)"), std::string::npos);
  for (const char* id : {"e-wang", "e-zhang", "e-kim", "e-ab", "p-icu", "p-urology", "卫生健康委员会", "王丽",
                         "essential skill med.icu: level 3 &lt; 4", "教育局-上限", "重症医学"}) {
    EXPECT_NE(html.find(id), std::string::npos) << id;
  }
  // By department: 卫生健康委员会 has 3 slots and 1 pair, 教育局 2 and 2.
  EXPECT_NE(html.find("<td>卫生健康委员会</td><td class=\"n\">2</td><td class=\"n\">3</td><td class=\"n\">1</td>"
                      "<td class=\"n\">33%</td><td class=\"n\">5</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>教育局</td><td class=\"n\">2</td><td class=\"n\">2</td><td class=\"n\">2</td>"
                      "<td class=\"n\">100%</td><td class=\"n\">6.25</td>"),
            std::string::npos);
  // Short supply: med.icu and med.urology, one empty slot each.
  EXPECT_NE(html.find("<td><code>med.icu</code></td><td>重症医学</td><td class=\"n\">1</td>"), std::string::npos);
  EXPECT_NE(html.find("<td><code>med.urology</code></td><td>泌尿外科</td><td class=\"n\">1</td>"), std::string::npos);
}

TEST(Html, EscapesEveryText) {
  tp::plan p = cjk_plan();
  p.assignments[0].expert = "<script>alert(1)</script>";
  p.assignments[0].department = "R&D \"lab\" 'x'";
  p.unfilled[0].closest[0].blocked_by = "<img src=x onerror=alert(1)>";
  p.constraint_prices[0].name = "</table><b>";
  for (const bool compact : {false, true}) {
    io::html_options opt;
    opt.compact = compact;
    const std::string html = io::render_html(p, cjk_problem(), opt);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("R&amp;D &quot;lab&quot; &#39;x&#39;"), std::string::npos);
  }
  EXPECT_EQ(io::escape_html("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
}

TEST(Html, CompactIsAFragment) {
  io::html_options opt;
  opt.compact = true;
  opt.compact_rows = 2;
  const std::string html = io::render_html(cjk_plan(), cjk_problem(), opt);
  EXPECT_EQ(html.rfind("<div class=\"talentmatch-plan\">", 0), 0u);
  EXPECT_EQ(html.substr(html.size() - 6), "</div>");
  EXPECT_EQ(html.find("<html"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_NE(html.find("(the first 2 of 4)"), std::string::npos);
  EXPECT_NE(html.find("e-zhang"), std::string::npos);
  EXPECT_EQ(html.find("e-kim"), std::string::npos);  // the third assignment
  EXPECT_NE(html.find("p-urology"), std::string::npos);
}

// --- The pairing reports ----------------------------------------------------------------------------------------

TEST(PairingTable, ShowsThePairsTheUnpairedAndTheRecruitingBrief) {
  const std::string text = io::render_pairing_table(mentor_pairing(), pairing_problem());
  const std::vector<std::string> lines = lines_of(text);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "Pairing (mentors, one_to_many): 2/3 staff paired, objective 13, certificate ok (gap 0)");
  EXPECT_EQ(lines[1], "2 pairs with 2 mentors (2/3 places used), 1 staff member unpaired, 1 skill no mentor covers");
  // The pairs with the mentors' names and the goals taught (now -> target).
  EXPECT_NE(text.find("  e-wang  王丽    s-ma   县人民医院     10  med.icu 2->4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  e-kim   김민수  s-li   县人民医院      3  med.icu 0->3\n"), std::string::npos) << text;
  // The unpaired member with its reason, the brief with the level to recruit for.
  EXPECT_NE(text.find("  s-zhao  吐尔洪乡卫生院  uncovered  -"), std::string::npos) << text;
  EXPECT_NE(text.find("Goals no mentor covers (recruiting brief)"), std::string::npos);
  EXPECT_NE(text.find("  med.ct  CT诊断             5               0           2            1  s-zhao\n"),
            std::string::npos)
      << text;
  // Places and shadow prices; stability.
  EXPECT_NE(text.find("Mentors: places and shadow prices"), std::string::npos);
  EXPECT_NE(text.find("  e-kim   김민수         1     1             3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  the pairing of most value (not asked to be stable)\n  0 blocking pairs under the preferences "
                      "(the prefers lists, then pair values): it is stable too\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(check_tables_line_up(text), 6u);  // 2 pairs, 1 unpaired, 1 uncovered goal, 2 mentors
  EXPECT_EQ(text.find("\x1b["), std::string::npos);
}

TEST(PairingTable, StableShowsItsCostAndTheBlockingPairs) {
  tp::pairing_plan p = mentor_pairing();
  p.stable = true;
  p.optimal = "staff";
  p.optimal_objective = 14;
  p.stability_cost = 1;
  std::string text = io::render_pairing_table(p, pairing_problem());
  EXPECT_NE(text.find("stable pairing (deferred acceptance, staff propose): stability cost 1 against the value "
                      "optimum 14\n"),
            std::string::npos)
      << text;
  p.stable = false;
  p.blocking = {{"s-li", "e-wang"}};
  text = io::render_pairing_table(p, pairing_problem());
  EXPECT_NE(text.find("1 blocking pair under the preferences (the prefers lists, then pair values): s-li with "
                      "e-wang\n"),
            std::string::npos)
      << text;
}

TEST(PairingTable, PlacementsNameTheHosts) {
  const std::string text = io::render_pairing_table(placement(), pairing_problem());
  EXPECT_EQ(text.rfind("Pairing (placements): 1/3 staff paired, objective 10, certificate ok (gap 0)\n", 0), 0u)
      << text;
  EXPECT_NE(text.find("  host   name                    staff  unit        value  goals taught (now->target)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("佳木斯大学附属第一医院"), std::string::npos);
  EXPECT_NE(text.find("  s-li   县人民医院  capacity  h-jms          3  every host that can teach it is full\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("none: every goal has a host who can teach it"), std::string::npos);
  EXPECT_NE(text.find("Hosts: places and shadow prices"), std::string::npos);
  EXPECT_EQ(check_tables_line_up(text), 3u);  // 1 pair, 1 unplaced, 1 host
}

TEST(PairingTable, ColourAndMaxRows) {
  io::text_options opt;
  opt.colour = true;
  const std::string coloured = io::render_pairing_table(mentor_pairing(), pairing_problem(), opt);
  EXPECT_NE(coloured.find("\x1b[1m"), std::string::npos);
  std::string plain;
  for (std::size_t i = 0; i < coloured.size(); ++i) {
    if (coloured[i] == '\x1b') {
      i = coloured.find('m', i);
      continue;
    }
    plain += coloured[i];
  }
  EXPECT_EQ(plain, io::render_pairing_table(mentor_pairing(), pairing_problem()));
  opt.colour = false;
  opt.max_rows = 1;
  const std::string short_text = io::render_pairing_table(mentor_pairing(), pairing_problem(), opt);
  EXPECT_NE(short_text.find("\xE2\x80\xA6 1 more pairs (max_rows 1)"), std::string::npos) << short_text;
  EXPECT_EQ(short_text.find("e-kim   김민수  s-li"), std::string::npos);
}

TEST(PairingTable, EmptyPairingSaysSo) {
  tp::pairing_plan p;
  p.cert.ok = true;
  const std::string text =
      io::render_pairing_table(p, io::parse_problem(R"({"skills": [], "experts": [], "posts": []})"));
  EXPECT_EQ(text.rfind("Pairing (mentors): 0/0 staff paired, objective 0, certificate ok (gap 0)\n", 0), 0u) << text;
  EXPECT_NE(text.find("Pairs\n  none\n"), std::string::npos);
  EXPECT_NE(text.find("none: every staff member is paired"), std::string::npos);
}

TEST(PairingHtml, IsOneSelfContainedDocument) {
  for (const tp::pairing_plan& p : {mentor_pairing(), placement()}) {
    const std::string html = io::render_pairing_html(p, pairing_problem());
    EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
    EXPECT_NE(html.find(p.kind == "mentors" ? "<title>Mentor pairing</title>" : "<title>Training placements</title>"),
              std::string::npos);
    for (const char* banned : {"http://", "https://", "src=", "href=", "url(", "@import", "<script", "<link", "//"}) {
      EXPECT_EQ(html.find(banned), std::string::npos) << banned;
    }
    std::size_t open = 0, close = 0;
    for (std::size_t at = html.find("<table"); at != std::string::npos; at = html.find("<table", at + 1)) ++open;
    for (std::size_t at = html.find("</table>"); at != std::string::npos; at = html.find("</table>", at + 1)) ++close;
    EXPECT_EQ(open, close);
    EXPECT_GE(open, 4u);
    EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
  }
  const std::string html = io::render_pairing_html(mentor_pairing(), pairing_problem());
  EXPECT_NE(html.find("2/3 staff paired, objective <span class=\"tm-objective\">13</span>"), std::string::npos);
  EXPECT_NE(html.find("certified optimal (gap 0)"), std::string::npos);
  EXPECT_NE(html.find("<code>e-wang</code> <span class=\"tm-name\">王丽</span>"), std::string::npos);
  EXPECT_NE(html.find("<li><code>med.icu</code> 2 &rarr; 4 (level 6, importance 5): 10</li>"), std::string::npos);
  EXPECT_NE(html.find("<td><code>med.ct</code></td><td>CT诊断</td><td class=\"n\">5</td><td class=\"n\">0</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>县人民医院</td><td class=\"n\">2</td><td class=\"n\">2</td>"), std::string::npos);
}

TEST(PairingHtml, EscapesEveryText) {
  tp::pairing_plan p = mentor_pairing();
  p.assignments[0].staff = "<script>alert(1)</script>";
  p.assignments[0].unit = "R&D \"lab\" 'x'";
  p.unassigned[0].explanation = "<img src=x onerror=alert(1)>";
  p.uncovered[0].skill = "</table><b>";
  p.blocking = {{"<b>", "e-wang"}};
  for (const bool compact : {false, true}) {
    io::html_options opt;
    opt.compact = compact;
    const std::string html = io::render_pairing_html(p, pairing_problem(), opt);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("R&amp;D &quot;lab&quot; &#39;x&#39;"), std::string::npos);
  }
}

TEST(PairingHtml, CompactIsAFragment) {
  io::html_options opt;
  opt.compact = true;
  opt.compact_rows = 1;
  const std::string html = io::render_pairing_html(mentor_pairing(), pairing_problem(), opt);
  EXPECT_EQ(html.rfind("<div class=\"talentmatch-plan\">", 0), 0u);
  EXPECT_EQ(html.substr(html.size() - 6), "</div>");
  EXPECT_EQ(html.find("<html"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_NE(html.find("(the first 1 of 2)"), std::string::npos);
  EXPECT_NE(html.find("e-wang"), std::string::npos);
  EXPECT_EQ(html.find("<code>s-li</code>"), std::string::npos);  // the second pair
  EXPECT_NE(html.find("s-zhao"), std::string::npos);             // unpaired
  EXPECT_NE(html.find("med.ct"), std::string::npos);             // uncovered
}

TEST(ReportHtml, HoldsTheThreePlansWithTheirOwnSections) {
  const auto problem = pairing_problem();
  tp::plan posts;
  posts.cert.ok = true;
  const tp::pairing_plan mentors = mentor_pairing(), places = placement();
  const std::string html = io::render_report_html(posts, &mentors, &places, problem);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0u);
  EXPECT_NE(html.find("<title>Talent match report</title>"), std::string::npos);
  const std::size_t a = html.find("<h2 class=\"tm-part\">Posts"), b = html.find("<h2 class=\"tm-part\">Mentoring"),
                    c = html.find("<h2 class=\"tm-part\">Training placements");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(c, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  // Each part's sections one level down: the posts plan's, then each pairing's.
  EXPECT_NE(html.find("<h3>Fill rate and value by department</h3>", a), std::string::npos);
  EXPECT_LT(html.find("<h3>Pairs (2)</h3>", b), c);
  EXPECT_NE(html.find("<h3>Pairs (1)</h3>", c), std::string::npos);
  EXPECT_EQ(html.find("<h2>"), std::string::npos);
  for (const char* banned : {"http://", "https://", "src=", "href=", "url(", "<script", "//"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  // Without the pairings, the posts part alone; the posts report itself has no parts.
  const std::string alone = io::render_report_html(posts, nullptr, nullptr, problem);
  EXPECT_EQ(alone.find("Mentoring"), std::string::npos);
  EXPECT_EQ(io::render_html(posts, problem).find("tm-part"), std::string::npos);
}
