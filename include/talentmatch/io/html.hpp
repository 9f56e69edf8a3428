#pragma once

// The HTML report of a plan (DESIGN.md sections 7 and 8: `talentmatch match --format html`, Plan.to_html in Python)
// and its compact form (Plan._repr_html_ in a notebook).
//
//     talentmatch::io::write_file_atomically("report.html", talentmatch::io::render_html(plan, problem));
//
// The report is one self-contained document, to be mailed or archived and opened years later: inline CSS and inline
// SVG only, no script, no font, image or style sheet fetched from anywhere (no URL at all), so it renders the same
// offline and leaks nothing when opened. It shows the headline numbers (slots filled, objective, certificate), the
// fill rate and value by department (an SVG bar chart and the same numbers as a table), the assignments, the
// unfilled posts with their recruiting briefs (missing skills at their levels, the closest experts and what blocks
// each), the skills most in short supply (the briefs' missing skills added up over the unfilled posts), the experts
// left unassigned, and the shadow prices of posts and binding constraints. An @media print block keeps it readable
// on paper (no shadows, bars printed, table headers repeated, rows not split).
//
// Every piece of text from the document or the plan is HTML-escaped (& < > " '), so an id such as "<script>" is shown,
// never run. Numbers are formatted as the terminal table formats them (io/text.hpp): the objective with 10
// significant digits (printf %.10g, as Plan's repr), values and prices with 4, fits with 3 decimals.
//
// The compact form (html_options::compact) is a fragment, one <div class="talentmatch-plan"> with a scoped <style>:
// the headline, fill by department, the first compact_rows assignments and the unfilled posts.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "talentmatch/io/text.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/plan/plan.hpp"
#include "talentmatch/version.hpp"

namespace talentmatch::io {

struct html_options {
  bool compact = false;           // a fragment for a notebook instead of a whole document
  std::size_t compact_rows = 25;  // compact: the assignments shown (the rest are counted)
  std::string title = "Talent match plan";
  std::string lang = "en";  // the <html lang>: the language of the labels
};

// Text as HTML character data or an attribute value: & < > " ' escaped; control characters as spaces and bytes
// that are not UTF-8 as U+FFFD (io::clean_cell), so that the document is valid UTF-8 whatever the input holds.
inline std::string escape_html(std::string_view s) {
  const std::string clean = clean_cell(s);
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (const char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace detail_html {

using detail_text::fixed;
using detail_text::number;

// One department's slots (from the problem, so that a plan read back from JSON adds up too), pairs and value.
struct department_row {
  std::string name;
  std::size_t posts = 0;
  std::ptrdiff_t slots = 0, filled = 0;
  double value = 0;
};

// Departments in the order they first appear among the problem's posts, then any the plan names that the problem
// does not (a plan of another problem: shown rather than dropped).
inline std::vector<department_row> departments(const plan::plan& p, const model::problem& problem) {
  std::vector<department_row> rows;
  std::unordered_map<std::string, std::size_t> at;
  const auto row = [&](const std::string& name) -> department_row& {
    const auto it = at.find(name);
    if (it != at.end()) return rows[it->second];
    at.emplace(name, rows.size());
    rows.push_back({name});
    return rows.back();
  };
  for (const auto& post : problem.posts) {
    department_row& r = row(post.department);
    r.posts += 1;
    r.slots += post.slots;
  }
  for (const auto& a : p.assignments) {
    department_row& r = row(a.department);
    r.filled += 1;
    r.value += a.value;
  }
  return rows;
}

// A skill that unfilled posts miss: in how many posts, for how many empty slots, at what level at most.
struct shortage {
  std::string skill, name;
  std::size_t posts = 0, essential = 0;
  std::ptrdiff_t slots = 0;
  double level = 0, best_available = 0;
};

// The missing skills of the recruiting briefs added up, most empty slots first, then most posts, then the order
// they first appear in.
inline std::vector<shortage> shortages(const plan::plan& p, const model::problem& problem) {
  std::unordered_map<std::string, std::string> names;
  for (const auto& s : problem.skills) names.emplace(s.id, s.name);
  std::vector<shortage> rows;
  std::unordered_map<std::string, std::size_t> at;
  for (const auto& u : p.unfilled) {
    for (const auto& m : u.missing) {
      auto it = at.find(m.skill);
      if (it == at.end()) {
        it = at.emplace(m.skill, rows.size()).first;
        shortage s;
        s.skill = m.skill;
        if (const auto n = names.find(m.skill); n != names.end()) s.name = n->second;
        s.best_available = m.best_available;
        rows.push_back(std::move(s));
      }
      shortage& s = rows[it->second];
      s.posts += 1;
      s.essential += m.essential ? 1 : 0;
      s.slots += u.slots;
      s.level = std::max(s.level, m.level);
      s.best_available = std::max(s.best_available, m.best_available);
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const shortage& a, const shortage& b) {
    return a.slots != b.slots ? a.slots > b.slots : a.posts > b.posts;
  });
  return rows;
}

inline std::string percent(std::ptrdiff_t part, std::ptrdiff_t whole) {
  if (whole <= 0) return "-";
  return std::to_string(
             static_cast<long long>(std::lround(100.0 * static_cast<double>(part) / static_cast<double>(whole)))) +
         "%";
}

// A fraction in [0, 1] of a bar `width` long, in SVG user units with one decimal.
inline std::string bar_length(double fraction, double width) {
  if (!(fraction > 0)) return "0";
  return fixed(std::min(fraction, 1.0) * width, 1);
}

// A small horizontal bar (inline SVG) for a table cell: `fraction` of 100 units filled.
inline std::string cell_bar(double fraction, const char* cls) {
  return "<svg class=\"tm-cellbar\" viewBox=\"0 0 100 10\" width=\"100\" height=\"10\" role=\"img\" "
         "aria-hidden=\"true\"><rect class=\"tm-track\" width=\"100\" height=\"10\"/><rect class=\"" +
         std::string(cls) + "\" width=\"" + bar_length(fraction, 100) + "\" height=\"10\"/></svg>";
}

// The bar chart of fill rate and value by department: one row per department, its name on the left, the filled
// share of its slots in the middle, its value (against the largest department's) on the right.
inline std::string department_chart(const std::vector<department_row>& rows) {
  constexpr int row_height = 26, top = 24, label_width = 230, fill_x = 240, fill_width = 260, value_x = 590,
                value_width = 170, width = 860;
  double most = 0;
  for (const auto& r : rows) most = std::max(most, r.value);
  const int height = top + row_height * static_cast<int>(rows.size()) + 6;
  std::string out = "<svg class=\"tm-chart\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                    "\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
                    "\" role=\"img\" aria-labelledby=\"tm-chart-title\"><title id=\"tm-chart-title\">Fill rate and "
                    "value by department</title>";
  out += "<text class=\"tm-axis\" x=\"" + std::to_string(fill_x) + "\" y=\"14\">fill rate (slots filled)</text>";
  out += "<text class=\"tm-axis\" x=\"" + std::to_string(value_x) + "\" y=\"14\">value</text>";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const department_row& r = rows[k];
    const int y = top + row_height * static_cast<int>(k);
    const std::string ys = std::to_string(y), text_y = std::to_string(y + 15);
    const double fill = r.slots > 0 ? static_cast<double>(r.filled) / static_cast<double>(r.slots) : 0.0;
    out += "<g><title>" + escape_html(r.name) + ": " + std::to_string(r.filled) + " of " + std::to_string(r.slots) +
           " slots filled, value " + number(r.value, 4) + "</title>";
    // About 6.5 units a column at the chart's font size: a CJK name (2 columns a character) is cut as early as it
    // takes the same room.
    out += "<text class=\"tm-label\" x=\"" + std::to_string(label_width) + "\" y=\"" + text_y +
           "\" text-anchor=\"end\">" + escape_html(truncate_to_width(r.name, 34)) + "</text>";
    out += "<rect class=\"tm-track\" x=\"" + std::to_string(fill_x) + "\" y=\"" + std::to_string(y + 4) +
           "\" width=\"" + std::to_string(fill_width) + "\" height=\"16\"/>";
    out += "<rect class=\"tm-fill\" x=\"" + std::to_string(fill_x) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
           bar_length(fill, fill_width) + "\" height=\"16\"/>";
    out += "<text class=\"tm-num\" x=\"" + std::to_string(fill_x + fill_width + 8) + "\" y=\"" + text_y + "\">" +
           std::to_string(r.filled) + "/" + std::to_string(r.slots) + " (" + percent(r.filled, r.slots) + ")</text>";
    out += "<rect class=\"tm-value\" x=\"" + std::to_string(value_x) + "\" y=\"" + std::to_string(y + 4) +
           "\" width=\"" + bar_length(most > 0 ? r.value / most : 0.0, value_width) + "\" height=\"16\"/>";
    out += "<text class=\"tm-num\" x=\"" + std::to_string(value_x + value_width + 8) + "\" y=\"" + text_y + "\">" +
           number(r.value, 4) + "</text></g>";
  }
  return out + "</svg>";
}

// An HTML table: escaped header cells, then rows of cells that are already HTML (escape text before adding it).
// Columns whose index is in `numeric` are right-aligned.
class table {
 public:
  table(std::vector<std::string> head, std::vector<std::size_t> numeric = {})
      : head_(std::move(head)), numeric_(std::move(numeric)) {}
  void add(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }
  std::string render(const char* cls = "") const {
    const auto is_numeric = [&](std::size_t k) {
      return std::find(numeric_.begin(), numeric_.end(), k) != numeric_.end();
    };
    std::string out = std::string("<table") + (*cls ? std::string(" class=\"") + cls + "\"" : "") + "><thead><tr>";
    for (std::size_t k = 0; k < head_.size(); ++k) {
      out += std::string(is_numeric(k) ? "<th class=\"n\">" : "<th>") + escape_html(head_[k]) + "</th>";
    }
    out += "</tr></thead><tbody>";
    for (const auto& row : rows_) {
      out += "<tr>";
      for (std::size_t k = 0; k < row.size(); ++k) {
        out += std::string(is_numeric(k) ? "<td class=\"n\">" : "<td>") + row[k] + "</td>";
      }
      out += "</tr>";
    }
    return out + "</tbody></table>";
  }

 private:
  std::vector<std::string> head_;
  std::vector<std::size_t> numeric_;
  std::vector<std::vector<std::string>> rows_;
};

inline std::string certificate_text(const plan::plan& p) {
  if (p.cert.ok) return "certified optimal (gap " + number(p.cert.gap, 3) + ")";
  return "certificate failed (gap " + number(p.cert.gap, 3) + ")" +
         (p.cert.message.empty() ? std::string() : ": " + p.cert.message);
}

inline std::string missing_list(const plan::unfilled_post& u) {
  std::string out;
  for (const auto& m : u.missing) out += (out.empty() ? "" : ", ") + detail_text::missing_text(m);
  return out.empty() ? "-" : out;
}

inline std::string expert_cell(const std::string& id, const std::string& name) {
  std::string out = "<code>" + escape_html(id) + "</code>";
  if (!name.empty()) out += " <span class=\"tm-name\">" + escape_html(name) + "</span>";
  return out;
}

inline std::string assignments_table(const plan::plan& p, const model::problem& problem, std::size_t limit) {
  const auto by_id = detail_text::expert_index(problem);
  table t({"expert", "post", "department", "unit", "value", "fit", "reason"}, {4, 5});
  for (std::size_t k = 0; k < p.assignments.size() && k < limit; ++k) {
    const plan::assignment& a = p.assignments[k];
    t.add({expert_cell(a.expert, detail_text::expert_name(problem, a.expert_index, a.expert, by_id)),
           "<code>" + escape_html(a.post) + "</code>", escape_html(a.department), escape_html(a.unit),
           number(a.value, 4), fixed(a.fit, 3), escape_html(a.reason) + (a.required ? " <em>(required)</em>" : "")});
  }
  return t.render("tm-assignments");
}

inline std::string css(bool compact) {
  // Scoped under .talentmatch-plan so that the fragment styles nothing else in a notebook.
  std::string out =
      ".talentmatch-plan{--tm-ink:#1d2733;--tm-muted:#5b6776;--tm-line:#d5dbe3;--tm-track:#e8ecf1;"
      "--tm-fill:#2f6f9f;--tm-value:#4c956c;--tm-warn:#b5651d;--tm-bad:#b3261e;color:var(--tm-ink);"
      "font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans CJK SC','PingFang SC',"
      "'Microsoft YaHei',sans-serif;font-size:14px;line-height:1.45}"
      ".talentmatch-plan table{border-collapse:collapse;margin:6px 0 14px}"
      ".talentmatch-plan th,.talentmatch-plan td{text-align:left;padding:3px 10px 3px 0;vertical-align:top;"
      "border-bottom:1px solid var(--tm-line)}"
      ".talentmatch-plan th{font-weight:600;color:var(--tm-muted)}"
      ".talentmatch-plan .n{text-align:right;font-variant-numeric:tabular-nums}"
      ".talentmatch-plan code{font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace;font-size:92%;"
      "white-space:nowrap}"
      ".talentmatch-plan .tm-name,.talentmatch-plan .tm-note{color:var(--tm-muted)}"
      ".talentmatch-plan .tm-ok{color:var(--tm-value);font-weight:600}"
      ".talentmatch-plan .tm-bad{color:var(--tm-bad);font-weight:600}"
      ".talentmatch-plan .tm-track{fill:var(--tm-track)}.talentmatch-plan .tm-fill{fill:var(--tm-fill)}"
      ".talentmatch-plan .tm-value{fill:var(--tm-value)}.talentmatch-plan .tm-short{fill:var(--tm-warn)}"
      ".talentmatch-plan .tm-cellbar{vertical-align:middle}"
      ".talentmatch-plan svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}";
  if (!compact) {
    out +=
        "body{margin:24px auto;max-width:1120px;padding:0 16px;background:#fff}"
        ".talentmatch-plan h1{font-size:24px;margin:0 0 4px}"
        ".talentmatch-plan h2{font-size:18px;margin:28px 0 6px;border-bottom:2px solid var(--tm-line)}"
        ".talentmatch-plan h3{font-size:15px;margin:18px 0 4px}"
        ".talentmatch-plan .tm-cards{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0}"
        ".talentmatch-plan .tm-card{border:1px solid var(--tm-line);border-radius:6px;padding:10px 16px;"
        "min-width:170px;box-shadow:0 1px 2px rgba(0,0,0,.06)}"
        ".talentmatch-plan .tm-card .tm-big{font-size:26px;font-weight:600;display:block}"
        ".talentmatch-plan .tm-card .tm-small{color:var(--tm-muted);font-size:12px}"
        ".talentmatch-plan .tm-chart{max-width:100%;height:auto}"
        ".talentmatch-plan .tm-chart text{font-size:13px;fill:var(--tm-ink)}"
        ".talentmatch-plan .tm-chart .tm-axis{fill:var(--tm-muted);font-size:12px}"
        ".talentmatch-plan .tm-brief{border-left:3px solid var(--tm-warn);padding:2px 0 2px 12px;margin:10px 0}"
        ".talentmatch-plan footer{margin-top:32px;color:var(--tm-muted);font-size:12px}"
        "@media print{body{margin:0;max-width:none;font-size:10pt}"
        ".talentmatch-plan{font-size:10pt}.talentmatch-plan .tm-card{box-shadow:none}"
        ".talentmatch-plan h2{break-after:avoid}.talentmatch-plan tr,.talentmatch-plan .tm-card,"
        ".talentmatch-plan .tm-brief,.talentmatch-plan .tm-chart{break-inside:avoid}"
        ".talentmatch-plan thead{display:table-header-group}}";
  } else {
    out +=
        ".talentmatch-plan table{font-size:13px}"
        ".talentmatch-plan p{margin:6px 0}";
  }
  return out;
}

inline std::string headline_sentence(const plan::plan& p) {
  return "<strong>Plan (" + escape_html(p.kind) + ")</strong>: " + std::to_string(p.filled) + "/" +
         std::to_string(p.slots) + " slots filled, objective <span class=\"tm-objective\">" + number(p.objective, 10) +
         "</span>, <span class=\"" + (p.cert.ok ? "tm-ok" : "tm-bad") + "\">" + escape_html(certificate_text(p)) +
         "</span>";
}

inline std::string compact_fragment(const plan::plan& p, const model::problem& problem, const html_options& opt) {
  std::string out = "<div class=\"talentmatch-plan\"><style>" + css(true) + "</style>";
  out += "<p>" + headline_sentence(p) + "</p>";
  table d({"department", "filled", "slots", "fill", "value"}, {1, 2, 4});
  for (const auto& r : departments(p, problem)) {
    const double fill = r.slots > 0 ? static_cast<double>(r.filled) / static_cast<double>(r.slots) : 0.0;
    d.add({escape_html(r.name), std::to_string(r.filled), std::to_string(r.slots),
           cell_bar(fill, "tm-fill") + " " + percent(r.filled, r.slots), number(r.value, 4)});
  }
  out += d.render("tm-departments");
  out += "<p><strong>Assignments</strong>";
  if (p.assignments.size() > opt.compact_rows) {
    out += " <span class=\"tm-note\">(the first " + std::to_string(opt.compact_rows) + " of " +
           std::to_string(p.assignments.size()) + ")</span>";
  }
  out += "</p>" + assignments_table(p, problem, opt.compact_rows);
  if (!p.unfilled.empty()) {
    out += "<p><strong>Unfilled posts</strong></p>";
    table u({"post", "department", "unit", "empty", "missing skills (level, best available)", "closest"}, {3});
    for (const auto& x : p.unfilled) {
      std::string closest;
      for (const auto& b : x.closest) closest += (closest.empty() ? "" : ", ") + escape_html(b.expert);
      u.add({"<code>" + escape_html(x.post) + "</code>", escape_html(x.department), escape_html(x.unit),
             std::to_string(x.slots), escape_html(missing_list(x)), closest.empty() ? "-" : closest});
    }
    out += u.render("tm-unfilled");
  }
  return out + "</div>";
}

}  // namespace detail_html

// The plan as HTML (see the header comment): a whole UTF-8 document, or with opt.compact a <div> fragment. `problem`
// is the plan's problem, for names, departments' slots and skill names; a plan read back from JSON works too.
inline std::string render_html(const plan::plan& p, const model::problem& problem, const html_options& opt = {}) {
  namespace dh = detail_html;
  using dh::fixed;
  using dh::number;
  if (opt.compact) return dh::compact_fragment(p, problem, opt);
  const auto by_id = detail_text::expert_index(problem);
  const auto name_of = [&](std::ptrdiff_t index, const std::string& id) {
    return detail_text::expert_name(problem, index, id, by_id);
  };
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + escape_html(opt.lang) +
                    "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\">\n<meta name=\"generator\" content=\"talentmatch " TALENTMATCH_VERSION
                    "\">\n<title>" +
                    escape_html(opt.title) + "</title>\n<style>" + dh::css(false) +
                    "</style>\n</head>\n<body>\n<main class=\"talentmatch-plan\">\n";
  out += "<h1>" + escape_html(opt.title) + "</h1>\n<p>" + dh::headline_sentence(p) + "</p>\n";

  // Headline numbers.
  std::ptrdiff_t empty = 0;
  for (const auto& u : p.unfilled) empty += u.slots;
  const auto card = [](const std::string& label, const std::string& big, const std::string& small,
                       const char* cls = "") {
    return "<div class=\"tm-card\"><span class=\"tm-small\">" + label + "</span><span class=\"tm-big " + cls + "\">" +
           big + "</span><span class=\"tm-small\">" + small + "</span></div>";
  };
  out += "<div class=\"tm-cards\">";
  out += card("slots filled", std::to_string(p.filled) + " / " + std::to_string(p.slots),
              dh::percent(p.filled, p.slots) + " filled, " + std::to_string(empty) + " empty in " +
                  std::to_string(p.unfilled.size()) + " posts");
  out += card("objective (total value)", "<span class=\"tm-objective\">" + number(p.objective, 10) + "</span>",
              std::to_string(p.assignments.size()) + " assignments" + (p.fill_first ? ", most slots first" : ""));
  out += card("certificate", p.cert.ok ? "optimal" : "failed",
              "gap " + number(p.cert.gap, 3) + (p.cert.message.empty() ? "" : ": " + escape_html(p.cert.message)),
              p.cert.ok ? "tm-ok" : "tm-bad");
  out += card("experts unassigned", std::to_string(p.unassigned.size()),
              std::to_string(problem.experts.size()) + " experts in the problem");
  out += "</div>\n";

  // By department.
  const auto departments = dh::departments(p, problem);
  out += "<section>\n<h2>Fill rate and value by department</h2>\n";
  if (departments.empty()) {
    out += "<p class=\"tm-note\">No posts.</p>\n";
  } else {
    out += dh::department_chart(departments) + "\n";
    dh::table t({"department", "posts", "slots", "filled", "fill rate", "value"}, {1, 2, 3, 4, 5});
    for (const auto& r : departments) {
      t.add({escape_html(r.name), std::to_string(r.posts), std::to_string(r.slots), std::to_string(r.filled),
             dh::percent(r.filled, r.slots), number(r.value, 4)});
    }
    out += t.render("tm-departments") + "\n";
  }
  out += "</section>\n";

  // Assignments.
  out += "<section>\n<h2>Assignments (" + std::to_string(p.assignments.size()) + ")</h2>\n";
  out += p.assignments.empty() ? std::string("<p class=\"tm-note\">None.</p>\n")
                               : dh::assignments_table(p, problem, p.assignments.size()) + "\n";
  out += "</section>\n";

  // Unfilled posts and their recruiting briefs.
  out += "<section>\n<h2>Unfilled posts and recruiting briefs (" + std::to_string(p.unfilled.size()) + ")</h2>\n";
  if (p.unfilled.empty()) out += "<p class=\"tm-note\">Every slot is filled.</p>\n";
  for (const auto& u : p.unfilled) {
    out += "<div class=\"tm-brief\">\n<h3><code>" + escape_html(u.post) + "</code> &middot; " +
           escape_html(u.department) + " &middot; " + escape_html(u.unit) + "</h3>\n<p>" + std::to_string(u.slots) +
           " of " + std::to_string(u.slots + u.filled) + " slots empty.";
    if (!u.provinces.empty()) {
      std::string provinces;
      for (const auto& x : u.provinces) provinces += (provinces.empty() ? "" : ", ") + escape_html(x);
      out += " The closest experts came from " + provinces + ".";
    }
    out += "</p>\n";
    if (u.missing.empty()) {
      out +=
          "<p class=\"tm-note\">No skill is missing: the post's candidates are held elsewhere or blocked by a "
          "rule (see below).</p>\n";
    } else {
      dh::table m({"missing skill", "level needed", "best available", "importance", "essential"}, {1, 2, 3});
      for (const auto& s : u.missing) {
        m.add({"<code>" + escape_html(s.skill) + "</code>", number(s.level, 6), number(s.best_available, 6),
               std::to_string(s.importance), s.essential ? "yes" : "no"});
      }
      out += m.render("tm-missing") + "\n";
    }
    if (u.closest.empty()) {
      out += "<p class=\"tm-note\">No expert has any fit for this post.</p>\n";
    } else {
      dh::table c({"closest expert", "fit", "value", "province", "institution", "blocked by"}, {1, 2});
      for (const auto& b : u.closest) {
        c.add({dh::expert_cell(b.expert, name_of(b.expert_index, b.expert)), fixed(b.fit, 3), number(b.value, 4),
               escape_html(b.province), escape_html(b.institution),
               b.blocked_by.empty() ? std::string("-") : escape_html(b.blocked_by)});
      }
      out += c.render("tm-closest") + "\n";
    }
    out += "</div>\n";
  }
  out += "</section>\n";

  // Skills in short supply.
  const auto shortages = dh::shortages(p, problem);
  out += "<section>\n<h2>Skills most in short supply</h2>\n";
  if (shortages.empty()) {
    out += "<p class=\"tm-note\">No unfilled post misses a skill.</p>\n";
  } else {
    std::ptrdiff_t most = 1;
    for (const auto& s : shortages) most = std::max(most, s.slots);
    dh::table t({"skill", "name", "empty slots", "posts", "essential in", "level needed", "best available", ""},
                {2, 3, 4, 5, 6});
    for (const auto& s : shortages) {
      t.add({"<code>" + escape_html(s.skill) + "</code>", escape_html(s.name), std::to_string(s.slots),
             std::to_string(s.posts), std::to_string(s.essential), number(s.level, 6), number(s.best_available, 6),
             dh::cell_bar(static_cast<double>(s.slots) / static_cast<double>(most), "tm-short")});
    }
    out += t.render("tm-shortages") + "\n";
  }
  out += "</section>\n";

  // Unassigned experts.
  out += "<section>\n<h2>Experts unassigned (" + std::to_string(p.unassigned.size()) + ")</h2>\n";
  if (p.unassigned.empty()) {
    out += "<p class=\"tm-note\">Every expert holds a post.</p>\n";
  } else {
    dh::table t({"expert", "reason", "explanation", "best post", "its value"}, {4});
    for (const auto& u : p.unassigned) {
      t.add({dh::expert_cell(u.expert, name_of(u.expert_index, u.expert)), escape_html(u.reason),
             escape_html(u.explanation), u.best_post.empty() ? "-" : "<code>" + escape_html(u.best_post) + "</code>",
             u.best_post.empty() ? "-" : number(u.best_value, 4)});
    }
    out += t.render("tm-unassigned") + "\n";
  }
  out += "</section>\n";

  // Shadow prices.
  out +=
      "<section>\n<h2>Shadow prices</h2>\n<p class=\"tm-note\">What one more slot of a post, or one unit more room "
      "in a binding constraint, would add to the objective.</p>\n";
  std::unordered_map<std::string, const model::post*> posts;
  for (const auto& x : problem.posts) posts.emplace(x.id, &x);
  std::vector<const plan::post_price*> priced;
  for (const auto& q : p.post_prices) priced.push_back(&q);
  std::stable_sort(priced.begin(), priced.end(),
                   [](const plan::post_price* a, const plan::post_price* b) { return a->price > b->price; });
  out += "<h3>Posts</h3>\n";
  if (priced.empty()) {
    out += "<p class=\"tm-note\">None.</p>\n";
  } else {
    dh::table t({"post", "department", "unit", "shadow price"}, {3});
    for (const auto* q : priced) {
      const auto it = posts.find(q->post);
      const model::post* x = it == posts.end() ? nullptr : it->second;
      t.add({"<code>" + escape_html(q->post) + "</code>", x ? escape_html(x->department) : "",
             x ? escape_html(x->unit) : "", number(q->price, 4)});
    }
    out += t.render("tm-post-prices") + "\n";
  }
  out += "<h3>Binding constraints</h3>\n";
  if (p.constraint_prices.empty()) {
    out += "<p class=\"tm-note\">No constraint is at a bound.</p>\n";
  } else {
    dh::table t({"constraint", "side", "bound", "load", "shadow price"}, {3, 4});
    for (const auto& c : p.constraint_prices) {
      t.add(
          {escape_html(c.name), escape_html(c.side), escape_html(c.bound), std::to_string(c.load), number(c.price, 4)});
    }
    out += t.render("tm-constraint-prices") + "\n";
  }
  out += "</section>\n";

  out += "<footer>Made by talentmatch " TALENTMATCH_VERSION
         ". Self-contained: no script, no external resource.</footer>\n";
  return out + "</main>\n</body>\n</html>\n";
}

}  // namespace talentmatch::io
