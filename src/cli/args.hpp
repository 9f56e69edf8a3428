#pragma once

// The talentmatch command's arguments: the one parser of every subcommand. Each subcommand declares its options
// (name, whether it takes a value, a line of help) and how many positional arguments it takes; parse() checks the
// command line against that and the help text is written from the same declaration, so the two cannot drift.

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace talentmatch::cli {

// A command line that does not fit the subcommand's declaration: exit code 2, with the usage.
class usage_error : public std::runtime_error {
 public:
  explicit usage_error(const std::string& what) : std::runtime_error(what) {}
};

struct option_spec {
  std::string name;   // "--format" (a short alias such as "-o" goes in `alias`)
  std::string alias;  // "" when none
  std::string value;  // the value's placeholder ("FILE"), "" for a flag
  std::string help;
};

struct command_spec {
  std::string name;
  std::string positional;  // "PROBLEM.json", or "" for none
  std::string summary;
  std::vector<option_spec> options;
};

struct arguments {
  std::string command;
  std::string positional;                     // empty when the command takes none
  std::map<std::string, std::string> values;  // by the option's long name; a flag's value is "1"
  bool help = false;

  bool has(const std::string& name) const { return values.count(name) != 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const {
    const auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
};

inline std::string usage(const command_spec& c) {
  std::string out = "usage: talentmatch " + c.name;
  if (!c.positional.empty()) out += " " + c.positional;
  for (const auto& o : c.options)
    out += " [" + (o.alias.empty() ? o.name : o.alias) + (o.value.empty() ? "" : " " + o.value) + "]";
  return out;
}

inline std::string help_text(const command_spec& c) {
  std::string out = usage(c) + "\n\n" + c.summary + "\n\noptions:\n";
  std::vector<std::string> left;
  std::size_t width = 0;
  for (const auto& o : c.options) {
    std::string l = "  " + (o.alias.empty() ? "" : o.alias + ", ") + o.name + (o.value.empty() ? "" : " " + o.value);
    width = std::max(width, l.size());
    left.push_back(l);
  }
  left.push_back("  -h, --help");
  width = std::max(width, left.back().size());
  for (std::size_t k = 0; k < left.size(); ++k) {
    const std::string& h = k < c.options.size() ? c.options[k].help : std::string("show this help and exit");
    out += left[k] + std::string(width - left[k].size() + 2, ' ') + h + "\n";
  }
  return out;
}

// Parses argv[first..] for command `c`. "--name=value" and "--name value" both work; "--" ends the options.
inline arguments parse(const command_spec& c, const std::vector<std::string>& argv) {
  arguments a;
  a.command = c.name;
  bool positional_seen = false, options_done = false;
  auto find = [&](const std::string& name) -> const option_spec* {
    for (const auto& o : c.options) {
      if (o.name == name || (!o.alias.empty() && o.alias == name)) return &o;
    }
    return nullptr;
  };
  for (std::size_t k = 0; k < argv.size(); ++k) {
    const std::string& s = argv[k];
    if (!options_done && (s == "-h" || s == "--help")) {
      a.help = true;
      return a;
    }
    if (!options_done && s == "--") {
      options_done = true;
      continue;
    }
    if (!options_done && s.size() > 1 && s[0] == '-') {
      std::string name = s, value;
      bool inline_value = false;
      const std::size_t eq = s.find('=');
      if (s.rfind("--", 0) == 0 && eq != std::string::npos) {
        name = s.substr(0, eq);
        value = s.substr(eq + 1);
        inline_value = true;
      }
      const option_spec* o = find(name);
      if (o == nullptr) throw usage_error("talentmatch " + c.name + ": unknown option " + name + "\n" + usage(c));
      if (o->value.empty()) {
        if (inline_value) throw usage_error("talentmatch " + c.name + ": " + o->name + " takes no value\n" + usage(c));
        value = "1";
      } else if (!inline_value) {
        if (k + 1 >= argv.size()) {
          throw usage_error("talentmatch " + c.name + ": " + o->name + " needs a value (" + o->value + ")\n" +
                            usage(c));
        }
        value = argv[++k];
      }
      if (a.values.count(o->name)) throw usage_error("talentmatch " + c.name + ": " + o->name + " given twice");
      a.values[o->name] = value;
      continue;
    }
    if (c.positional.empty() || positional_seen) {
      throw usage_error("talentmatch " + c.name + ": unexpected argument '" + s + "'\n" + usage(c));
    }
    a.positional = s;
    positional_seen = true;
  }
  if (!c.positional.empty() && !positional_seen) {
    throw usage_error("talentmatch " + c.name + ": missing " + c.positional + "\n" + usage(c));
  }
  return a;
}

}  // namespace talentmatch::cli
