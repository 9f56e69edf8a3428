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
//
// render_pairing_html is the same report for a mentor pairing or a training placement (plan/pairing.hpp;
// `talentmatch mentor --format html`, PairingPlan.to_html and _repr_html_), and render_report_html puts the posts
// plan, the mentor pairing and the placements in one document (`talentmatch demo --format html`). All three are
// built from the same section builders (detail_html::posts_body, pairing_body), so a section reads the same
// wherever it appears; in the combined report each plan's sections sit one heading level down, under its part.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "talentmatch/io/text.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/plan/pairing.hpp"
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

// A heading at `level`: 2 for a plan's sections in its own report, 3 inside the combined report (render_report_html,
// whose parts take the h2).
inline std::string heading(int level, const std::string& html) {
  const std::string n = std::to_string(level);
  return "<h" + n + ">" + html + "</h" + n + ">\n";
}

inline std::string card(const std::string& label, const std::string& big, const std::string& small,
                        const char* cls = "") {
  return "<div class=\"tm-card\"><span class=\"tm-small\">" + label + "</span><span class=\"tm-big " + cls + "\">" +
         big + "</span><span class=\"tm-small\">" + small + "</span></div>";
}

// The document up to and including its <h1>: the head with the style sheet (css(false), then `extra_css`) and the
// opening of <main>.
inline std::string document_open(const std::string& title, const html_options& opt, const std::string& extra_css) {
  return "<!DOCTYPE html>\n<html lang=\"" + escape_html(opt.lang) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n<meta name=\"generator\" content=\"talentmatch " TALENTMATCH_VERSION "\">\n<title>" +
         escape_html(title) + "</title>\n<style>" + css(false) + extra_css +
         "</style>\n</head>\n<body>\n<main class=\"talentmatch-plan\">\n<h1>" + escape_html(title) + "</h1>\n";
}

inline std::string document_close() {
  return "<footer>Made by talentmatch " TALENTMATCH_VERSION
         ". Self-contained: no script, no external resource.</footer>\n</main>\n</body>\n</html>\n";
}

// What the pairing report and the combined report add to css(false): the h4 of a part's briefs, the parts' headings,
// a page break before each part on paper.
inline std::string parts_css() {
  return ".talentmatch-plan h4{font-size:14px;margin:14px 0 4px}"
         ".talentmatch-plan h2.tm-part{font-size:21px;margin:40px 0 8px;border-bottom:3px solid var(--tm-fill)}"
         ".talentmatch-plan .tm-goals{margin:0;padding-left:16px}"
         "@media print{.talentmatch-plan section.tm-part+section.tm-part{break-before:page}}";
}

// The posts plan's report below the <h1>: headline, cards, and its sections with headings at `level` (their
// sub-headings at level + 1).
inline std::string posts_body(const plan::plan& p, const model::problem& problem, int level) {
  const auto by_id = detail_text::expert_index(problem);
  const auto name_of = [&](std::ptrdiff_t index, const std::string& id) {
    return detail_text::expert_name(problem, index, id, by_id);
  };
  std::string out = "<p>" + headline_sentence(p) + "</p>\n";

  // Headline numbers.
  std::ptrdiff_t empty = 0;
  for (const auto& u : p.unfilled) empty += u.slots;
  out += "<div class=\"tm-cards\">";
  out += card("slots filled", std::to_string(p.filled) + " / " + std::to_string(p.slots),
              percent(p.filled, p.slots) + " filled, " + std::to_string(empty) + " empty in " +
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
  const auto rows = departments(p, problem);
  out += "<section>\n" + heading(level, "Fill rate and value by department");
  if (rows.empty()) {
    out += "<p class=\"tm-note\">No posts.</p>\n";
  } else {
    out += department_chart(rows) + "\n";
    table t({"department", "posts", "slots", "filled", "fill rate", "value"}, {1, 2, 3, 4, 5});
    for (const auto& r : rows) {
      t.add({escape_html(r.name), std::to_string(r.posts), std::to_string(r.slots), std::to_string(r.filled),
             percent(r.filled, r.slots), number(r.value, 4)});
    }
    out += t.render("tm-departments") + "\n";
  }
  out += "</section>\n";

  // Assignments.
  out += "<section>\n" + heading(level, "Assignments (" + std::to_string(p.assignments.size()) + ")");
  out += p.assignments.empty() ? std::string("<p class=\"tm-note\">None.</p>\n")
                               : assignments_table(p, problem, p.assignments.size()) + "\n";
  out += "</section>\n";

  // Unfilled posts and their recruiting briefs.
  out += "<section>\n" +
         heading(level, "Unfilled posts and recruiting briefs (" + std::to_string(p.unfilled.size()) + ")");
  if (p.unfilled.empty()) out += "<p class=\"tm-note\">Every slot is filled.</p>\n";
  for (const auto& u : p.unfilled) {
    out += "<div class=\"tm-brief\">\n" +
           heading(level + 1, "<code>" + escape_html(u.post) + "</code> &middot; " + escape_html(u.department) +
                                  " &middot; " + escape_html(u.unit)) +
           "<p>" + std::to_string(u.slots) + " of " + std::to_string(u.slots + u.filled) + " slots empty.";
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
      table m({"missing skill", "level needed", "best available", "importance", "essential"}, {1, 2, 3});
      for (const auto& s : u.missing) {
        m.add({"<code>" + escape_html(s.skill) + "</code>", number(s.level, 6), number(s.best_available, 6),
               std::to_string(s.importance), s.essential ? "yes" : "no"});
      }
      out += m.render("tm-missing") + "\n";
    }
    if (u.closest.empty()) {
      out += "<p class=\"tm-note\">No expert has any fit for this post.</p>\n";
    } else {
      table c({"closest expert", "fit", "value", "province", "institution", "blocked by"}, {1, 2});
      for (const auto& b : u.closest) {
        c.add({expert_cell(b.expert, name_of(b.expert_index, b.expert)), fixed(b.fit, 3), number(b.value, 4),
               escape_html(b.province), escape_html(b.institution),
               b.blocked_by.empty() ? std::string("-") : escape_html(b.blocked_by)});
      }
      out += c.render("tm-closest") + "\n";
    }
    out += "</div>\n";
  }
  out += "</section>\n";

  // Skills in short supply.
  const auto short_of = shortages(p, problem);
  out += "<section>\n" + heading(level, "Skills most in short supply");
  if (short_of.empty()) {
    out += "<p class=\"tm-note\">No unfilled post misses a skill.</p>\n";
  } else {
    std::ptrdiff_t most = 1;
    for (const auto& s : short_of) most = std::max(most, s.slots);
    table t({"skill", "name", "empty slots", "posts", "essential in", "level needed", "best available", ""},
            {2, 3, 4, 5, 6});
    for (const auto& s : short_of) {
      t.add({"<code>" + escape_html(s.skill) + "</code>", escape_html(s.name), std::to_string(s.slots),
             std::to_string(s.posts), std::to_string(s.essential), number(s.level, 6), number(s.best_available, 6),
             cell_bar(static_cast<double>(s.slots) / static_cast<double>(most), "tm-short")});
    }
    out += t.render("tm-shortages") + "\n";
  }
  out += "</section>\n";

  // Unassigned experts.
  out += "<section>\n" + heading(level, "Experts unassigned (" + std::to_string(p.unassigned.size()) + ")");
  if (p.unassigned.empty()) {
    out += "<p class=\"tm-note\">Every expert holds a post.</p>\n";
  } else {
    table t({"expert", "reason", "explanation", "best post", "its value"}, {4});
    for (const auto& u : p.unassigned) {
      t.add({expert_cell(u.expert, name_of(u.expert_index, u.expert)), escape_html(u.reason),
             escape_html(u.explanation), u.best_post.empty() ? "-" : "<code>" + escape_html(u.best_post) + "</code>",
             u.best_post.empty() ? "-" : number(u.best_value, 4)});
    }
    out += t.render("tm-unassigned") + "\n";
  }
  out += "</section>\n";

  // Shadow prices.
  out += "<section>\n" + heading(level, "Shadow prices") +
         "<p class=\"tm-note\">What one more slot of a post, or one unit more room in a binding constraint, would "
         "add to the objective.</p>\n";
  std::unordered_map<std::string, const model::post*> posts;
  for (const auto& x : problem.posts) posts.emplace(x.id, &x);
  std::vector<const plan::post_price*> priced;
  for (const auto& q : p.post_prices) priced.push_back(&q);
  std::stable_sort(priced.begin(), priced.end(),
                   [](const plan::post_price* a, const plan::post_price* b) { return a->price > b->price; });
  out += heading(level + 1, "Posts");
  if (priced.empty()) {
    out += "<p class=\"tm-note\">None.</p>\n";
  } else {
    table t({"post", "department", "unit", "shadow price"}, {3});
    for (const auto* q : priced) {
      const auto it = posts.find(q->post);
      const model::post* x = it == posts.end() ? nullptr : it->second;
      t.add({"<code>" + escape_html(q->post) + "</code>", x ? escape_html(x->department) : "",
             x ? escape_html(x->unit) : "", number(q->price, 4)});
    }
    out += t.render("tm-post-prices") + "\n";
  }
  out += heading(level + 1, "Binding constraints");
  if (p.constraint_prices.empty()) {
    out += "<p class=\"tm-note\">No constraint is at a bound.</p>\n";
  } else {
    table t({"constraint", "side", "bound", "load", "shadow price"}, {3, 4});
    for (const auto& c : p.constraint_prices) {
      t.add(
          {escape_html(c.name), escape_html(c.side), escape_html(c.bound), std::to_string(c.load), number(c.price, 4)});
    }
    out += t.render("tm-constraint-prices") + "\n";
  }
  return out + "</section>\n";
}

// --- Pairings ---------------------------------------------------------------------------------------------------

inline std::string pairing_certificate_text(const plan::pairing_plan& p) {
  std::string out;
  if (p.cert.ok) {
    out = (p.stable ? "value optimum certified (gap " : "certified optimal (gap ") + number(p.cert.gap, 3) + ")";
    if (p.stable) out += "; no pair blocks this stable pairing";
    return out;
  }
  return "certificate failed (gap " + number(p.cert.gap, 3) + ")" +
         (p.cert.message.empty() ? std::string() : ": " + p.cert.message);
}

inline std::string pairing_headline_sentence(const plan::pairing_plan& p) {
  std::string out = "<strong>" + escape_html(detail_text::pairing_label(p)) +
                    "</strong>: " + std::to_string(p.assignments.size()) + "/" + std::to_string(p.staff) +
                    " staff paired, objective <span class=\"tm-objective\">" + number(p.objective, 10) +
                    "</span>, <span class=\"" + (p.cert.ok ? "tm-ok" : "tm-bad") + "\">" +
                    escape_html(pairing_certificate_text(p)) + "</span>";
  if (p.stable)
    out += "; stable (" + escape_html(p.optimal) + " propose), stability cost " + number(p.stability_cost, 10);
  return out;
}

// One staff member's unit by id (the problem's staff), for unpaired staff.
inline std::unordered_map<std::string, std::string> staff_units(const model::problem& problem) {
  std::unordered_map<std::string, std::string> out;
  if (problem.staff) {
    for (const auto& s : *problem.staff) out.emplace(s.id, s.unit);
  }
  return out;
}

inline std::string partner_cell(const std::unordered_map<std::string, std::string>& names, const std::string& id) {
  return expert_cell(id, detail_text::name_of(names, id));
}

// The goals a pair teaches, one line each: "icu 2 → 4 (level 5 by e-sun, importance 5): 10".
inline std::string goals_cell(const std::vector<plan::goal_taught>& goals) {
  if (goals.empty()) return "-";
  std::string out = "<ul class=\"tm-goals\">";
  for (const auto& g : goals) {
    out += "<li><code>" + escape_html(g.skill) + "</code> " + number(g.staff_level, 6) + " &rarr; " +
           number(g.target_level, 6) + " (level " + number(g.level, 6) +
           (g.by.empty() ? std::string() : " by <code>" + escape_html(g.by) + "</code>") + ", importance " +
           std::to_string(g.importance) + "): " + number(g.value, 4) + "</li>";
  }
  return out + "</ul>";
}

inline std::string pairs_table(const plan::pairing_plan& p, const std::unordered_map<std::string, std::string>& names,
                               std::size_t limit) {
  const detail_text::partner_words words = detail_text::partner_words_of(p);
  // The same-unit bonus is paid only to mentors paired after a post plan (p.scope set).
  const bool bonus = p.kind == "mentors" && !p.scope.empty();
  std::vector<std::string> head = {words.one, "staff", "unit", "department", "value"};
  if (bonus) head.push_back("same-unit bonus");
  head.push_back("goals taught (now → target)");
  table t(std::move(head), bonus ? std::vector<std::size_t>{4, 5} : std::vector<std::size_t>{4});
  for (std::size_t k = 0; k < p.assignments.size() && k < limit; ++k) {
    const plan::pairing_assignment& a = p.assignments[k];
    // A team's members are listed once, under its places; each goal names the member who teaches it.
    std::vector<std::string> row = {
        p.format == "team" ? "<code>" + escape_html(a.partner) + "</code>" : partner_cell(names, a.partner),
        "<code>" + escape_html(a.staff) + "</code>", escape_html(a.unit), escape_html(a.department),
        number(a.value, 4)};
    if (bonus) row.push_back(a.bonus != 0 ? number(a.bonus, 4) : "-");
    row.push_back(goals_cell(a.goals));
    t.add(std::move(row));
  }
  return t.render("tm-pairs");
}

inline std::string unpaired_table(const plan::pairing_plan& p, const model::problem& problem,
                                  const std::unordered_map<std::string, std::string>& names, std::size_t limit) {
  const auto units = staff_units(problem);
  table t({"staff", "unit", "reason", "explanation", std::string("best ") + detail_text::partner_words_of(p).one,
           "its value"},
          {5});
  for (std::size_t k = 0; k < p.unassigned.size() && k < limit; ++k) {
    const plan::unpaired_staff& u = p.unassigned[k];
    const auto it = units.find(u.staff);
    t.add({"<code>" + escape_html(u.staff) + "</code>", it == units.end() ? "" : escape_html(it->second),
           escape_html(u.reason), escape_html(u.explanation),
           u.best_partner.empty() ? "-" : partner_cell(names, u.best_partner),
           u.best_partner.empty() ? "-" : number(u.best_value, 4)});
  }
  return t.render("tm-unpaired");
}

inline std::string uncovered_table(const plan::pairing_plan& p, const model::problem& problem) {
  std::size_t most = 1;
  for (const auto& u : p.uncovered) most = std::max(most, u.staff.size());
  table t({"skill", "name", "level needed", "best available", "importance", "staff", "", "who"}, {2, 3, 4, 5});
  for (const auto& u : p.uncovered) {
    std::string who;
    for (const auto& s : u.staff) who += (who.empty() ? "" : ", ") + ("<code>" + escape_html(s) + "</code>");
    t.add({"<code>" + escape_html(u.skill) + "</code>", escape_html(detail_text::skill_name(problem, u.skill)),
           number(u.level, 6), number(u.best_available, 6), std::to_string(u.importance),
           std::to_string(u.staff.size()),
           cell_bar(static_cast<double>(u.staff.size()) / static_cast<double>(most), "tm-short"), who});
  }
  return t.render("tm-uncovered");
}

// Staff and pairs by unit, in the order the units first appear among the staff (then any the pairs name that the
// problem does not).
struct unit_row {
  std::string name;
  std::ptrdiff_t staff = 0, paired = 0;
  double value = 0;
};

inline std::vector<unit_row> pairing_units(const plan::pairing_plan& p, const model::problem& problem) {
  std::vector<unit_row> rows;
  std::unordered_map<std::string, std::size_t> at;
  const auto row = [&](const std::string& name) -> unit_row& {
    const auto it = at.find(name);
    if (it != at.end()) return rows[it->second];
    at.emplace(name, rows.size());
    rows.push_back({name});
    return rows.back();
  };
  if (problem.staff) {
    for (const auto& s : *problem.staff) row(s.unit).staff += 1;
  }
  for (const auto& a : p.assignments) {
    unit_row& r = row(a.unit);
    r.paired += 1;
    r.value += a.value;
  }
  return rows;
}

// The pairing's report below the <h1> (or the part's <h2>), with its sections' headings at `level`.
inline std::string pairing_body(const plan::pairing_plan& p, const model::problem& problem, int level) {
  const detail_text::partner_words words = detail_text::partner_words_of(p);
  const auto names = detail_text::partner_names(p, problem);
  const bool mentors = p.kind == "mentors";
  std::string out = "<p>" + pairing_headline_sentence(p) + "</p>\n";

  // Headline numbers.
  const auto [used, capacity] = detail_text::places(p);
  out += "<div class=\"tm-cards\">";
  out += card("staff paired", std::to_string(p.assignments.size()) + " / " + std::to_string(p.staff),
              percent(static_cast<std::ptrdiff_t>(p.assignments.size()), p.staff) + " paired, " +
                  std::to_string(p.unassigned.size()) + " unpaired");
  std::string how = std::to_string(p.assignments.size()) + " pairs";
  if (!p.scope.empty()) how += ", within the " + escape_html(p.scope) + " of each post";
  out += card("objective (total value)", "<span class=\"tm-objective\">" + number(p.objective, 10) + "</span>", how);
  out += card("certificate", p.cert.ok ? "optimal" : "failed",
              "gap " + number(p.cert.gap, 3) + (p.cert.message.empty() ? "" : ": " + escape_html(p.cert.message)),
              p.cert.ok ? "tm-ok" : "tm-bad");
  out += card(std::string(words.many) + "' places used", std::to_string(used) + " / " + std::to_string(capacity),
              std::to_string(p.partners.size()) + " " + words.many);
  if (p.stable) {
    out += card("stability cost", number(p.stability_cost, 10),
                "against the value optimum " + number(p.optimal_objective, 10));
  }
  out += "</div>\n";

  // By unit.
  const auto units = pairing_units(p, problem);
  out += "<section>\n" + heading(level, "Staff paired by unit");
  if (units.empty()) {
    out += "<p class=\"tm-note\">No staff.</p>\n";
  } else {
    table t({"unit", "staff", "paired", "share", "value"}, {1, 2, 4});
    for (const auto& r : units) {
      const double share = r.staff > 0 ? static_cast<double>(r.paired) / static_cast<double>(r.staff) : 0.0;
      t.add({escape_html(r.name), std::to_string(r.staff), std::to_string(r.paired),
             cell_bar(share, "tm-fill") + " " + percent(r.paired, r.staff), number(r.value, 4)});
    }
    out += t.render("tm-units") + "\n";
  }
  out += "</section>\n";

  // Pairs.
  out += "<section>\n" + heading(level, "Pairs (" + std::to_string(p.assignments.size()) + ")");
  out += p.assignments.empty() ? std::string("<p class=\"tm-note\">None.</p>\n")
                               : pairs_table(p, names, p.assignments.size()) + "\n";
  out += "</section>\n";

  // Unpaired staff.
  out += "<section>\n" + heading(level, "Staff unpaired (" + std::to_string(p.unassigned.size()) + ")");
  out += p.unassigned.empty() ? std::string("<p class=\"tm-note\">Every staff member is paired.</p>\n")
                              : unpaired_table(p, problem, names, p.unassigned.size()) + "\n";
  out += "</section>\n";

  // Uncovered goals: the recruiting brief.
  out += "<section>\n" + heading(level, std::string("Goals no ") + words.one + " covers: recruiting brief (" +
                                            std::to_string(p.uncovered.size()) + ")");
  if (p.uncovered.empty()) {
    out += "<p class=\"tm-note\">Every goal has a " + std::string(words.one) + " who can teach it.</p>\n";
  } else {
    out += "<p class=\"tm-note\">The skills some staff want that no " + std::string(words.one) +
           " they may pair with can teach, with the level a " + words.one +
           (mentors ? " needs (the highest target plus the mentoring margin)" : " needs") +
           " and the best level available.</p>\n" + uncovered_table(p, problem) + "\n";
  }
  out += "</section>\n";

  // Partners.
  out += "<section>\n" + heading(level, std::string(words.title) + ": places and shadow prices") +
         "<p class=\"tm-note\">What one more place of each would add to the objective (0 for one with room).</p>\n";
  if (p.partners.empty()) {
    out += "<p class=\"tm-note\">None.</p>\n";
  } else {
    table t({words.one, "capacity", "used", "", "shadow price"}, {1, 2, 4});
    for (const auto& x : p.partners) {
      t.add({partner_cell(names, x.id), std::to_string(x.capacity), std::to_string(x.used),
             cell_bar(x.capacity > 0 ? static_cast<double>(x.used) / static_cast<double>(x.capacity) : 0.0, "tm-value"),
             number(x.price, 4)});
    }
    out += t.render("tm-partners") + "\n";
  }
  out += "</section>\n";

  // Stability.
  out += "<section>\n" + heading(level, "Stability") + "<p>" + escape_html(detail_text::stability_sentence(p)) + ". " +
         escape_html(detail_text::blocking_sentence(p)) + ".</p>\n";
  if (!p.blocking.empty()) {
    table t({"staff", words.one});
    for (const auto& b : p.blocking) {
      t.add({"<code>" + escape_html(b.staff) + "</code>", partner_cell(names, b.partner)});
    }
    out += t.render("tm-blocking") + "\n";
  }
  return out + "</section>\n";
}

inline std::string pairing_fragment(const plan::pairing_plan& p, const model::problem& problem,
                                    const html_options& opt) {
  const auto names = detail_text::partner_names(p, problem);
  std::string out = "<div class=\"talentmatch-plan\"><style>" + css(true) + parts_css() + "</style>";
  out += "<p>" + pairing_headline_sentence(p) + "</p>";
  out += "<p><strong>Pairs</strong>";
  if (p.assignments.size() > opt.compact_rows) {
    out += " <span class=\"tm-note\">(the first " + std::to_string(opt.compact_rows) + " of " +
           std::to_string(p.assignments.size()) + ")</span>";
  }
  out += "</p>" + pairs_table(p, names, opt.compact_rows);
  if (!p.unassigned.empty()) {
    out += "<p><strong>Staff unpaired</strong>";
    if (p.unassigned.size() > opt.compact_rows) {
      out += " <span class=\"tm-note\">(the first " + std::to_string(opt.compact_rows) + " of " +
             std::to_string(p.unassigned.size()) + ")</span>";
    }
    out += "</p>" + unpaired_table(p, problem, names, opt.compact_rows);
  }
  if (!p.uncovered.empty()) {
    out += "<p><strong>Goals no " + std::string(detail_text::partner_words_of(p).one) + " covers</strong></p>" +
           uncovered_table(p, problem);
  }
  return out + "</div>";
}

// The title of a report: opt.title, unless it is html_options' default, then `fallback`.
inline std::string title_or(const html_options& opt, const char* fallback) {
  return opt.title == html_options{}.title ? std::string(fallback) : opt.title;
}

}  // namespace detail_html

// The plan as HTML (see the header comment): a whole UTF-8 document, or with opt.compact a <div> fragment. `problem`
// is the plan's problem, for names, departments' slots and skill names; a plan read back from JSON works too.
inline std::string render_html(const plan::plan& p, const model::problem& problem, const html_options& opt = {}) {
  namespace dh = detail_html;
  if (opt.compact) return dh::compact_fragment(p, problem, opt);
  return dh::document_open(opt.title, opt, "") + dh::posts_body(p, problem, 2) + dh::document_close();
}

// A mentor pairing or a training placement as HTML, in the style of render_html (the same escaping, no script, no
// URL): the headline (staff paired, objective, certificate), the staff paired by unit, the pairs with the goals each
// teaches, the staff unpaired and why, the goals no partner covers (the recruiting brief), each partner's places and
// shadow price, and stability. With opt.compact a <div> fragment (headline, the first compact_rows pairs and unpaired
// staff, the uncovered goals). The title is opt.title, or "Mentor pairing" / "Training placements" when left at
// its default.
inline std::string render_pairing_html(const plan::pairing_plan& p, const model::problem& problem,
                                       const html_options& opt = {}) {
  namespace dh = detail_html;
  if (opt.compact) return dh::pairing_fragment(p, problem, opt);
  const std::string title = dh::title_or(opt, p.kind == "placements" ? "Training placements" : "Mentor pairing");
  return dh::document_open(title, opt, dh::parts_css()) + dh::pairing_body(p, problem, 2) + dh::document_close();
}

// The three plans of a programme in one document (what `talentmatch demo --format html` writes): the posts plan
// (render_html's sections), then the mentor pairing and the training placements (render_pairing_html's), each
// under its own heading; `mentors` or `placements` may be null (that part is left out). The title is opt.title, or
// "Talent match report" when left at its default; opt.compact is ignored (a notebook shows one plan at a time).
inline std::string render_report_html(const plan::plan& posts, const plan::pairing_plan* mentors,
                                      const plan::pairing_plan* placements, const model::problem& problem,
                                      const html_options& opt = {}) {
  namespace dh = detail_html;
  std::string out = dh::document_open(dh::title_or(opt, "Talent match report"), opt, dh::parts_css());
  out += "<p class=\"tm-note\">";
  out += std::string("Experts in the county's posts") + (mentors ? ", mentors paired with local staff" : "") +
         (placements ? ", local staff placed at training hosts" : "") +
         ": each plan exact, with its certificate.</p>\n";
  out += "<section class=\"tm-part\">\n<h2 class=\"tm-part\">Posts: experts in the county's posts</h2>\n" +
         dh::posts_body(posts, problem, 3) + "</section>\n";
  if (mentors) {
    out += "<section class=\"tm-part\">\n<h2 class=\"tm-part\">Mentoring: experts paired with local staff</h2>\n" +
           dh::pairing_body(*mentors, problem, 3) + "</section>\n";
  }
  if (placements) {
    out +=
        "<section class=\"tm-part\">\n<h2 class=\"tm-part\">Training placements: local staff at partner "
        "institutions</h2>\n" +
        dh::pairing_body(*placements, problem, 3) + "</section>\n";
  }
  return out + dh::document_close();
}

}  // namespace talentmatch::io
