#pragma once

// The terminal table of a plan (DESIGN.md sections 7 and 8: what `talentmatch match` and `demo` print, and
// Plan.to_table in Python): the headline (slots filled, objective, certificate), the assignments, the unfilled posts
// with their recruiting briefs (the skills missing at their levels, the closest experts and what blocks each), and
// the binding constraints with their shadow prices. render_pairing_table does the same for a mentor pairing or a
// training placement (plan/pairing.hpp; `talentmatch mentor`, `talentmatch place`, PairingPlan.to_table): the
// headline (staff paired, objective, certificate), the pairs with the goals each partner teaches, the staff left
// unpaired and why, the goals no partner covers (the skills and levels to recruit for), each partner's places and
// shadow price, and stability (its cost against the value optimum, the blocking pairs).
//
//     talentmatch::io::text_options opt;
//     opt.colour = ::isatty(STDOUT_FILENO);  // ANSI colour only on a terminal
//     std::cout << talentmatch::io::render_table(plan, problem, opt);
//     std::cout << talentmatch::io::render_pairing_table(plan::pair_mentors(problem, &plan), problem, opt);
//
// Columns line up by display width, not bytes: ids and names are often Chinese, and a CJK ideograph takes two
// terminal columns for three UTF-8 bytes. display_width decodes UTF-8 and counts the code points that Unicode's
// EastAsianWidth.txt marks Wide or Fullwidth as 2 (CJK ideographs, kana, Hangul syllables, CJK punctuation,
// fullwidth forms, emoji presentation), nonspacing and enclosing marks (general category Mn, Me), zero-width spaces
// and joiners as 0, and the rest as 1: what wcwidth(3) and terminals do. Ambiguous code points (East Asian Width A,
// such as the ellipsis used for truncation) count as 1, as in every terminal's default setting. A cell longer than
// its column's limit is cut at a code point boundary to fit, ending with an ellipsis. Bytes that are not UTF-8 count
// one column each and are shown as U+FFFD, so that a bad byte cannot shift a column. The tables of code points
// were generated from Unicode 14.0 (Python's unicodedata), with the unassigned blocks that EastAsianWidth.txt gives
// W by default (CJK extensions, planes 2 and 3) added.

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "talentmatch/model/problem.hpp"
#include "talentmatch/plan/pairing.hpp"
#include "talentmatch/plan/plan.hpp"

namespace talentmatch::io {

namespace detail_text {

struct code_range {
  char32_t first, last;
};

// East Asian Width W or F, minus what zero_width_ranges holds.
inline constexpr code_range wide_ranges[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
    {0x2E80, 0x2E99},   {0x2E9B, 0x2EF3},   {0x2F00, 0x2FD5},   {0x2FF0, 0x2FFB},   {0x3000, 0x3029},
    {0x302E, 0x303E},   {0x3041, 0x3096},   {0x309B, 0x30FF},   {0x3105, 0x312F},   {0x3131, 0x318E},
    {0x3190, 0x31E3},   {0x31F0, 0x321E},   {0x3220, 0x3247},   {0x3250, 0x4DBF},   {0x4E00, 0xA48C},
    {0xA490, 0xA4C6},   {0xA960, 0xA97C},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE52},   {0xFE54, 0xFE66},   {0xFE68, 0xFE6B},   {0xFF01, 0xFF60},   {0xFFE0, 0xFFE6},
    {0x16FE0, 0x16FE3}, {0x16FF0, 0x16FF1}, {0x17000, 0x187F7}, {0x18800, 0x18CD5}, {0x18D00, 0x18D08},
    {0x1AFF0, 0x1AFF3}, {0x1AFF5, 0x1AFFB}, {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122}, {0x1B150, 0x1B152},
    {0x1B164, 0x1B167}, {0x1B170, 0x1B2FB}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F200, 0x1F202}, {0x1F210, 0x1F23B}, {0x1F240, 0x1F248}, {0x1F250, 0x1F251},
    {0x1F260, 0x1F265}, {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393},
    {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567},
    {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5},
    {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6DD, 0x1F6DF}, {0x1F6EB, 0x1F6EC},
    {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
    {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FA74}, {0x1FA78, 0x1FA7C}, {0x1FA80, 0x1FA86}, {0x1FA90, 0x1FAAC},
    {0x1FAB0, 0x1FABA}, {0x1FAC0, 0x1FAC5}, {0x1FAD0, 0x1FAD9}, {0x1FAE0, 0x1FAE7}, {0x1FAF0, 0x1FAF6},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};
// Nonspacing and enclosing marks (Mn, Me), U+200B..U+200D, U+2060, U+FEFF, and the Hangul medial vowels and
// final consonants U+1160..U+11FF, which join the leading consonant into one syllable.
inline constexpr code_range zero_width_ranges[] = {
    {0x300, 0x36F},     {0x483, 0x489},     {0x591, 0x5BD},     {0x5BF, 0x5BF},     {0x5C1, 0x5C2},
    {0x5C4, 0x5C5},     {0x5C7, 0x5C7},     {0x610, 0x61A},     {0x64B, 0x65F},     {0x670, 0x670},
    {0x6D6, 0x6DC},     {0x6DF, 0x6E4},     {0x6E7, 0x6E8},     {0x6EA, 0x6ED},     {0x711, 0x711},
    {0x730, 0x74A},     {0x7A6, 0x7B0},     {0x7EB, 0x7F3},     {0x7FD, 0x7FD},     {0x816, 0x819},
    {0x81B, 0x823},     {0x825, 0x827},     {0x829, 0x82D},     {0x859, 0x85B},     {0x898, 0x89F},
    {0x8CA, 0x8E1},     {0x8E3, 0x902},     {0x93A, 0x93A},     {0x93C, 0x93C},     {0x941, 0x948},
    {0x94D, 0x94D},     {0x951, 0x957},     {0x962, 0x963},     {0x981, 0x981},     {0x9BC, 0x9BC},
    {0x9C1, 0x9C4},     {0x9CD, 0x9CD},     {0x9E2, 0x9E3},     {0x9FE, 0x9FE},     {0xA01, 0xA02},
    {0xA3C, 0xA3C},     {0xA41, 0xA42},     {0xA47, 0xA48},     {0xA4B, 0xA4D},     {0xA51, 0xA51},
    {0xA70, 0xA71},     {0xA75, 0xA75},     {0xA81, 0xA82},     {0xABC, 0xABC},     {0xAC1, 0xAC5},
    {0xAC7, 0xAC8},     {0xACD, 0xACD},     {0xAE2, 0xAE3},     {0xAFA, 0xAFF},     {0xB01, 0xB01},
    {0xB3C, 0xB3C},     {0xB3F, 0xB3F},     {0xB41, 0xB44},     {0xB4D, 0xB4D},     {0xB55, 0xB56},
    {0xB62, 0xB63},     {0xB82, 0xB82},     {0xBC0, 0xBC0},     {0xBCD, 0xBCD},     {0xC00, 0xC00},
    {0xC04, 0xC04},     {0xC3C, 0xC3C},     {0xC3E, 0xC40},     {0xC46, 0xC48},     {0xC4A, 0xC4D},
    {0xC55, 0xC56},     {0xC62, 0xC63},     {0xC81, 0xC81},     {0xCBC, 0xCBC},     {0xCBF, 0xCBF},
    {0xCC6, 0xCC6},     {0xCCC, 0xCCD},     {0xCE2, 0xCE3},     {0xD00, 0xD01},     {0xD3B, 0xD3C},
    {0xD41, 0xD44},     {0xD4D, 0xD4D},     {0xD62, 0xD63},     {0xD81, 0xD81},     {0xDCA, 0xDCA},
    {0xDD2, 0xDD4},     {0xDD6, 0xDD6},     {0xE31, 0xE31},     {0xE34, 0xE3A},     {0xE47, 0xE4E},
    {0xEB1, 0xEB1},     {0xEB4, 0xEBC},     {0xEC8, 0xECD},     {0xF18, 0xF19},     {0xF35, 0xF35},
    {0xF37, 0xF37},     {0xF39, 0xF39},     {0xF71, 0xF7E},     {0xF80, 0xF84},     {0xF86, 0xF87},
    {0xF8D, 0xF97},     {0xF99, 0xFBC},     {0xFC6, 0xFC6},     {0x102D, 0x1030},   {0x1032, 0x1037},
    {0x1039, 0x103A},   {0x103D, 0x103E},   {0x1058, 0x1059},   {0x105E, 0x1060},   {0x1071, 0x1074},
    {0x1082, 0x1082},   {0x1085, 0x1086},   {0x108D, 0x108D},   {0x109D, 0x109D},   {0x1160, 0x11FF},
    {0x135D, 0x135F},   {0x1712, 0x1714},   {0x1732, 0x1733},   {0x1752, 0x1753},   {0x1772, 0x1773},
    {0x17B4, 0x17B5},   {0x17B7, 0x17BD},   {0x17C6, 0x17C6},   {0x17C9, 0x17D3},   {0x17DD, 0x17DD},
    {0x180B, 0x180D},   {0x180F, 0x180F},   {0x1885, 0x1886},   {0x18A9, 0x18A9},   {0x1920, 0x1922},
    {0x1927, 0x1928},   {0x1932, 0x1932},   {0x1939, 0x193B},   {0x1A17, 0x1A18},   {0x1A1B, 0x1A1B},
    {0x1A56, 0x1A56},   {0x1A58, 0x1A5E},   {0x1A60, 0x1A60},   {0x1A62, 0x1A62},   {0x1A65, 0x1A6C},
    {0x1A73, 0x1A7C},   {0x1A7F, 0x1A7F},   {0x1AB0, 0x1ACE},   {0x1B00, 0x1B03},   {0x1B34, 0x1B34},
    {0x1B36, 0x1B3A},   {0x1B3C, 0x1B3C},   {0x1B42, 0x1B42},   {0x1B6B, 0x1B73},   {0x1B80, 0x1B81},
    {0x1BA2, 0x1BA5},   {0x1BA8, 0x1BA9},   {0x1BAB, 0x1BAD},   {0x1BE6, 0x1BE6},   {0x1BE8, 0x1BE9},
    {0x1BED, 0x1BED},   {0x1BEF, 0x1BF1},   {0x1C2C, 0x1C33},   {0x1C36, 0x1C37},   {0x1CD0, 0x1CD2},
    {0x1CD4, 0x1CE0},   {0x1CE2, 0x1CE8},   {0x1CED, 0x1CED},   {0x1CF4, 0x1CF4},   {0x1CF8, 0x1CF9},
    {0x1DC0, 0x1DFF},   {0x200B, 0x200D},   {0x2060, 0x2060},   {0x20D0, 0x20F0},   {0x2CEF, 0x2CF1},
    {0x2D7F, 0x2D7F},   {0x2DE0, 0x2DFF},   {0x302A, 0x302D},   {0x3099, 0x309A},   {0xA66F, 0xA672},
    {0xA674, 0xA67D},   {0xA69E, 0xA69F},   {0xA6F0, 0xA6F1},   {0xA802, 0xA802},   {0xA806, 0xA806},
    {0xA80B, 0xA80B},   {0xA825, 0xA826},   {0xA82C, 0xA82C},   {0xA8C4, 0xA8C5},   {0xA8E0, 0xA8F1},
    {0xA8FF, 0xA8FF},   {0xA926, 0xA92D},   {0xA947, 0xA951},   {0xA980, 0xA982},   {0xA9B3, 0xA9B3},
    {0xA9B6, 0xA9B9},   {0xA9BC, 0xA9BD},   {0xA9E5, 0xA9E5},   {0xAA29, 0xAA2E},   {0xAA31, 0xAA32},
    {0xAA35, 0xAA36},   {0xAA43, 0xAA43},   {0xAA4C, 0xAA4C},   {0xAA7C, 0xAA7C},   {0xAAB0, 0xAAB0},
    {0xAAB2, 0xAAB4},   {0xAAB7, 0xAAB8},   {0xAABE, 0xAABF},   {0xAAC1, 0xAAC1},   {0xAAEC, 0xAAED},
    {0xAAF6, 0xAAF6},   {0xABE5, 0xABE5},   {0xABE8, 0xABE8},   {0xABED, 0xABED},   {0xFB1E, 0xFB1E},
    {0xFE00, 0xFE0F},   {0xFE20, 0xFE2F},   {0xFEFF, 0xFEFF},   {0x101FD, 0x101FD}, {0x102E0, 0x102E0},
    {0x10376, 0x1037A}, {0x10A01, 0x10A03}, {0x10A05, 0x10A06}, {0x10A0C, 0x10A0F}, {0x10A38, 0x10A3A},
    {0x10A3F, 0x10A3F}, {0x10AE5, 0x10AE6}, {0x10D24, 0x10D27}, {0x10EAB, 0x10EAC}, {0x10F46, 0x10F50},
    {0x10F82, 0x10F85}, {0x11001, 0x11001}, {0x11038, 0x11046}, {0x11070, 0x11070}, {0x11073, 0x11074},
    {0x1107F, 0x11081}, {0x110B3, 0x110B6}, {0x110B9, 0x110BA}, {0x110C2, 0x110C2}, {0x11100, 0x11102},
    {0x11127, 0x1112B}, {0x1112D, 0x11134}, {0x11173, 0x11173}, {0x11180, 0x11181}, {0x111B6, 0x111BE},
    {0x111C9, 0x111CC}, {0x111CF, 0x111CF}, {0x1122F, 0x11231}, {0x11234, 0x11234}, {0x11236, 0x11237},
    {0x1123E, 0x1123E}, {0x112DF, 0x112DF}, {0x112E3, 0x112EA}, {0x11300, 0x11301}, {0x1133B, 0x1133C},
    {0x11340, 0x11340}, {0x11366, 0x1136C}, {0x11370, 0x11374}, {0x11438, 0x1143F}, {0x11442, 0x11444},
    {0x11446, 0x11446}, {0x1145E, 0x1145E}, {0x114B3, 0x114B8}, {0x114BA, 0x114BA}, {0x114BF, 0x114C0},
    {0x114C2, 0x114C3}, {0x115B2, 0x115B5}, {0x115BC, 0x115BD}, {0x115BF, 0x115C0}, {0x115DC, 0x115DD},
    {0x11633, 0x1163A}, {0x1163D, 0x1163D}, {0x1163F, 0x11640}, {0x116AB, 0x116AB}, {0x116AD, 0x116AD},
    {0x116B0, 0x116B5}, {0x116B7, 0x116B7}, {0x1171D, 0x1171F}, {0x11722, 0x11725}, {0x11727, 0x1172B},
    {0x1182F, 0x11837}, {0x11839, 0x1183A}, {0x1193B, 0x1193C}, {0x1193E, 0x1193E}, {0x11943, 0x11943},
    {0x119D4, 0x119D7}, {0x119DA, 0x119DB}, {0x119E0, 0x119E0}, {0x11A01, 0x11A0A}, {0x11A33, 0x11A38},
    {0x11A3B, 0x11A3E}, {0x11A47, 0x11A47}, {0x11A51, 0x11A56}, {0x11A59, 0x11A5B}, {0x11A8A, 0x11A96},
    {0x11A98, 0x11A99}, {0x11C30, 0x11C36}, {0x11C38, 0x11C3D}, {0x11C3F, 0x11C3F}, {0x11C92, 0x11CA7},
    {0x11CAA, 0x11CB0}, {0x11CB2, 0x11CB3}, {0x11CB5, 0x11CB6}, {0x11D31, 0x11D36}, {0x11D3A, 0x11D3A},
    {0x11D3C, 0x11D3D}, {0x11D3F, 0x11D45}, {0x11D47, 0x11D47}, {0x11D90, 0x11D91}, {0x11D95, 0x11D95},
    {0x11D97, 0x11D97}, {0x11EF3, 0x11EF4}, {0x16AF0, 0x16AF4}, {0x16B30, 0x16B36}, {0x16F4F, 0x16F4F},
    {0x16F8F, 0x16F92}, {0x16FE4, 0x16FE4}, {0x1BC9D, 0x1BC9E}, {0x1CF00, 0x1CF2D}, {0x1CF30, 0x1CF46},
    {0x1D167, 0x1D169}, {0x1D17B, 0x1D182}, {0x1D185, 0x1D18B}, {0x1D1AA, 0x1D1AD}, {0x1D242, 0x1D244},
    {0x1DA00, 0x1DA36}, {0x1DA3B, 0x1DA6C}, {0x1DA75, 0x1DA75}, {0x1DA84, 0x1DA84}, {0x1DA9B, 0x1DA9F},
    {0x1DAA1, 0x1DAAF}, {0x1E000, 0x1E006}, {0x1E008, 0x1E018}, {0x1E01B, 0x1E021}, {0x1E023, 0x1E024},
    {0x1E026, 0x1E02A}, {0x1E130, 0x1E136}, {0x1E2AE, 0x1E2AE}, {0x1E2EC, 0x1E2EF}, {0x1E8D0, 0x1E8D6},
    {0x1E944, 0x1E94A}, {0xE0100, 0xE01EF},
};

template <std::size_t N>
bool in_ranges(const code_range (&ranges)[N], char32_t c) {
  const code_range* end = ranges + N;
  const code_range* it = std::upper_bound(ranges, end, c, [](char32_t x, const code_range& r) { return x < r.first; });
  return it != ranges && c <= (it - 1)->last;
}

// One code point decoded from s at byte i: the code point and its length in bytes. A byte that does not start a
// well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) decodes as U+FFFD
// of length 1, so decoding always moves on.
struct decoded {
  char32_t c;
  std::size_t size;
};

inline decoded decode(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1};
  std::size_t n = 0;
  char32_t c = 0, min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, c = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, c = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    return {0xFFFD, 1};
  }
  if (i + n > s.size()) return {0xFFFD, 1};
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {0xFFFD, 1};
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return {0xFFFD, 1};
  return {c, n};
}

// The number as printf's %.<digits>g writes it (and Python's format(x, ".<digits>g")): 7, 23.5, 0.75.
inline std::string number(double x, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, x);
  std::string out = buffer;
  if (out == "-0") out = "0";
  return out;
}

inline std::string fixed(double x, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, x);
  return buffer;
}

// Names by id, for plans read back from JSON (their indices are -1) as well as those the matcher made.
inline std::string expert_name(const model::problem& problem, std::ptrdiff_t index, const std::string& id,
                               const std::unordered_map<std::string, std::size_t>& by_id) {
  const model::expert* e = nullptr;
  if (index >= 0 && static_cast<std::size_t>(index) < problem.experts.size() &&
      problem.experts[static_cast<std::size_t>(index)].id == id) {
    e = &problem.experts[static_cast<std::size_t>(index)];
  } else if (const auto it = by_id.find(id); it != by_id.end()) {
    e = &problem.experts[it->second];
  }
  return e != nullptr && e->name ? *e->name : std::string();
}

inline std::unordered_map<std::string, std::size_t> expert_index(const model::problem& problem) {
  std::unordered_map<std::string, std::size_t> out;
  for (std::size_t i = 0; i < problem.experts.size(); ++i) out.emplace(problem.experts[i].id, i);
  return out;
}

// "icu at 4 (best 3, essential)": one missing requirement of a recruiting brief.
inline std::string missing_text(const plan::missing_skill& m) {
  std::string out = m.skill + " at " + number(m.level, 6) + " (best " + number(m.best_available, 6);
  if (m.essential) out += ", essential";
  return out + ")";
}

}  // namespace detail_text

// The terminal columns a code point takes: 0, 1 or 2 (see the header comment). Control characters count 0.
inline int code_point_width(char32_t c) {
  namespace dt = detail_text;
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  if (c < 0x300) return 1;
  if (dt::in_ranges(dt::zero_width_ranges, c)) return 0;
  return dt::in_ranges(dt::wide_ranges, c) ? 2 : 1;
}

// The terminal columns UTF-8 text takes (bytes that are not UTF-8 count one column each).
inline std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const detail_text::decoded d = detail_text::decode(s, i);
    width += static_cast<std::size_t>(code_point_width(d.c));
    i += d.size;
  }
  return width;
}

// One line of text: control characters (a newline or tab inside an id, a reason) become spaces and bytes that are
// not UTF-8 become U+FFFD, so that every byte written is what display_width counted.
inline std::string clean_cell(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const detail_text::decoded d = detail_text::decode(s, i);
    if (d.c < 0x20 || (d.c >= 0x7F && d.c < 0xA0)) {
      out += ' ';
    } else if (d.c == 0xFFFD && d.size == 1) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s.substr(i, d.size));
    }
    i += d.size;
  }
  return out;
}

// s itself when it fits in `width` columns, else its longest prefix (whole code points, with the marks that follow
// the last) that fits in width - 1, then an ellipsis (U+2026, one column). A width of 0 gives "".
inline std::string truncate_to_width(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  if (width == 0) return std::string();
  std::size_t used = 0, end = 0;
  for (std::size_t i = 0; i < s.size();) {
    const detail_text::decoded d = detail_text::decode(s, i);
    const auto w = static_cast<std::size_t>(code_point_width(d.c));
    if (used + w > width - 1) break;
    used += w;
    i += d.size;
    end = i;
  }
  return clean_cell(s.substr(0, end)) + "\xE2\x80\xA6";
}

struct text_options {
  bool colour = false;              // ANSI colours and bold (the command line passes isatty(stdout))
  std::size_t max_rows = 0;         // the most rows of each table; 0 for every row
  std::size_t max_cell_width = 40;  // a cell's display width limit (the last column of a table gets twice this)
};

namespace detail_text {

enum class style { none, bold, dim, green, red, yellow };

inline std::string styled(const std::string& s, style st, bool colour) {
  if (!colour || st == style::none || s.empty()) return s;
  const char* code = "";
  switch (st) {
    case style::bold:
      code = "\x1b[1m";
      break;
    case style::dim:
      code = "\x1b[2m";
      break;
    case style::green:
      code = "\x1b[32m";
      break;
    case style::red:
      code = "\x1b[31m";
      break;
    case style::yellow:
      code = "\x1b[33m";
      break;
    case style::none:
      break;
  }
  return code + s + "\x1b[0m";
}

struct column {
  std::string header;
  bool right = false;  // numbers are right-aligned
  style st = style::none;
};

// A table with its cells padded by display width: two spaces between columns, `indent` spaces before the first, no
// trailing spaces. Colour codes are added after padding, so they never count as width.
class table {
 public:
  table(std::vector<column> columns, const text_options& opt) : columns_(std::move(columns)), opt_(opt) {}

  void add(std::vector<std::string> cells) {
    ++total_;
    if (opt_.max_rows != 0 && rows_.size() >= opt_.max_rows) return;
    const std::size_t last = columns_.size() - 1;
    for (std::size_t k = 0; k < cells.size(); ++k) {
      cells[k] = truncate_to_width(clean_cell(cells[k]), k == last ? 2 * opt_.max_cell_width : opt_.max_cell_width);
    }
    rows_.push_back(std::move(cells));
  }

  std::string render(std::size_t indent, const char* what) const {
    std::vector<std::size_t> width(columns_.size(), 0);
    for (std::size_t k = 0; k < columns_.size(); ++k) width[k] = display_width(columns_[k].header);
    for (const auto& row : rows_) {
      for (std::size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], display_width(row[k]));
    }
    std::string out;
    const auto line = [&](const std::vector<std::string>& cells, bool header) {
      std::string text(indent, ' ');
      std::string pending;  // spaces written only if a later cell has text, so no line ends in spaces
      for (std::size_t k = 0; k < cells.size(); ++k) {
        const std::size_t pad = width[k] - display_width(cells[k]);
        const style st = header ? style::bold : columns_[k].st;
        if (k > 0) pending += "  ";
        if (columns_[k].right) {
          pending.append(pad, ' ');
          if (!cells[k].empty()) text += pending + styled(cells[k], st, opt_.colour), pending.clear();
        } else {
          if (!cells[k].empty()) text += pending + styled(cells[k], st, opt_.colour), pending.clear();
          pending.append(pad, ' ');
        }
      }
      out += text + "\n";
    };
    std::vector<std::string> head;
    for (const auto& c : columns_) head.push_back(c.header);
    line(head, true);
    for (const auto& row : rows_) line(row, false);
    if (rows_.size() < total_) {
      out += std::string(indent, ' ') +
             styled("\xE2\x80\xA6 " + std::to_string(total_ - rows_.size()) + " more " + what + " (max_rows " +
                        std::to_string(opt_.max_rows) + ")",
                    style::dim, opt_.colour) +
             "\n";
    }
    return out;
  }

 private:
  std::vector<column> columns_;
  text_options opt_;
  std::vector<std::vector<std::string>> rows_;
  std::size_t total_ = 0;
};

inline std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace detail_text

// The plan as terminal text (see the header comment): UTF-8, lines ending in "\n", ANSI codes only when opt.colour.
// `problem` is the plan's problem, for the experts' names; a plan read back from JSON works too.
inline std::string render_table(const plan::plan& p, const model::problem& problem, const text_options& opt = {}) {
  namespace dt = detail_text;
  using dt::style;
  const bool colour = opt.colour;
  const auto by_id = dt::expert_index(problem);
  std::string out;

  // Headline.
  std::string cert = p.cert.ok ? dt::styled("certificate ok", style::green, colour)
                               : dt::styled("certificate FAILED", style::red, colour);
  cert += " (gap " + dt::number(p.cert.gap, 3) + ")";
  if (!p.cert.ok && !p.cert.message.empty()) cert += ": " + clean_cell(p.cert.message);
  out += dt::styled("Plan (" + clean_cell(p.kind) + ")", style::bold, colour) + ": " + std::to_string(p.filled) + "/" +
         std::to_string(p.slots) + " slots filled, objective " + dt::number(p.objective, 10) + ", " + cert + "\n";
  std::size_t empty = 0;
  for (const auto& u : p.unfilled) empty += static_cast<std::size_t>(std::max<std::ptrdiff_t>(u.slots, 0));
  out += dt::plural(p.assignments.size(), "assignment", "assignments") + ", " +
         dt::plural(p.unfilled.size(), "post", "posts") + " with empty slots (" + dt::plural(empty, "slot", "slots") +
         "), " + dt::plural(p.unassigned.size(), "expert", "experts") + " unassigned\n";

  // Assignments.
  out += "\n" + dt::styled("Assignments", style::bold, colour) + "\n";
  if (p.assignments.empty()) {
    out += "  none\n";
  } else {
    dt::table t({{"expert"}, {"name"}, {"post"}, {"department"}, {"unit"}, {"value", true}, {"fit", true}}, opt);
    for (const auto& a : p.assignments) {
      t.add({a.expert, dt::expert_name(problem, a.expert_index, a.expert, by_id), a.post, a.department, a.unit,
             dt::number(a.value, 4), dt::fixed(a.fit, 3)});
    }
    out += t.render(2, "assignments");
  }

  // Unfilled posts and their recruiting briefs.
  out += "\n" + dt::styled("Unfilled posts", style::bold, colour) + "\n";
  if (p.unfilled.empty()) {
    out += "  none: every slot is filled\n";
  } else {
    dt::table t({{"post"},
                 {"department"},
                 {"unit"},
                 {"empty", true, style::yellow},
                 {"filled", true},
                 {"missing skills (level, best available)"}},
                opt);
    for (const auto& u : p.unfilled) {
      std::string missing;
      for (const auto& m : u.missing) missing += (missing.empty() ? "" : ", ") + dt::missing_text(m);
      t.add({u.post, u.department, u.unit, std::to_string(u.slots), std::to_string(u.filled),
             missing.empty() ? "-" : missing});
    }
    out += t.render(2, "unfilled posts");
    const std::size_t briefs = opt.max_rows == 0 ? p.unfilled.size() : std::min(opt.max_rows, p.unfilled.size());
    for (std::size_t k = 0; k < briefs; ++k) {
      const plan::unfilled_post& u = p.unfilled[k];
      out += "\n  " + dt::styled(clean_cell(u.post), style::yellow, colour) + ": closest experts\n";
      if (u.closest.empty()) {
        out += "    none: no expert has any fit for this post\n";
        continue;
      }
      dt::table c({{"expert"}, {"name"}, {"fit", true}, {"value", true}, {"blocked by", false, style::dim}}, opt);
      for (const auto& b : u.closest) {
        c.add({b.expert, dt::expert_name(problem, b.expert_index, b.expert, by_id), dt::fixed(b.fit, 3),
               dt::number(b.value, 4), b.blocked_by.empty() ? "-" : b.blocked_by});
      }
      out += c.render(4, "experts");
    }
  }

  // Binding constraints.
  out += "\n" + dt::styled("Binding constraints", style::bold, colour) + "\n";
  if (p.constraint_prices.empty()) {
    out += "  none\n";
  } else {
    dt::table t({{"constraint"}, {"side"}, {"bound"}, {"load", true}, {"shadow price", true}}, opt);
    for (const auto& c : p.constraint_prices) {
      t.add({c.name, c.side, c.bound, std::to_string(c.load), dt::number(c.price, 4)});
    }
    out += t.render(2, "constraints");
  }
  return out;
}

namespace detail_text {

// What a pairing's partners are called: "mentor", "team" (a team of mentors) or "host".
struct partner_words {
  const char* one;
  const char* many;
  const char* title;  // the plural, capitalised, for a heading
};

inline partner_words partner_words_of(const plan::pairing_plan& p) {
  if (p.kind == "placements") return {"host", "hosts", "Hosts"};
  if (p.format == "team") return {"team", "teams", "Teams"};
  return {"mentor", "mentors", "Mentors"};
}

// "Pairing (mentors, one_to_many)", "Pairing (placements)".
inline std::string pairing_label(const plan::pairing_plan& p) {
  return "Pairing (" + p.kind + (p.format.empty() ? "" : ", " + p.format) + ")";
}

// Each partner's name by id: the expert's name for a mentor, the members for a team, the host's name.
inline std::unordered_map<std::string, std::string> partner_names(const plan::pairing_plan& p,
                                                                  const model::problem& problem) {
  std::unordered_map<std::string, std::string> out;
  if (p.kind == "placements") {
    if (problem.hosts) {
      for (const auto& h : *problem.hosts) out.emplace(h.id, h.name.value_or(""));
    }
    return out;
  }
  const auto by_id = expert_index(problem);
  for (const auto& x : p.partners) {
    std::string name;
    if (!x.members.empty()) {
      for (const auto& m : x.members) name += (name.empty() ? "" : ", ") + m;
    } else {
      name = expert_name(problem, -1, x.id, by_id);
    }
    out.emplace(x.id, name);
  }
  return out;
}

inline std::string name_of(const std::unordered_map<std::string, std::string>& names, const std::string& id) {
  const auto it = names.find(id);
  return it == names.end() ? std::string() : it->second;
}

// "icu 2->4, nursing 0->3 by e-sun": the goals a pair teaches, the member's level now and the target.
inline std::string goals_text(const std::vector<plan::goal_taught>& goals) {
  std::string out;
  for (const auto& g : goals) {
    out += (out.empty() ? "" : ", ") + g.skill + " " + number(g.staff_level, 6) + "->" + number(g.target_level, 6);
    if (!g.by.empty()) out += " by " + g.by;
  }
  return out.empty() ? "-" : out;
}

inline std::string skill_name(const model::problem& problem, const std::string& id) {
  for (const auto& s : problem.skills) {
    if (s.id == id) return s.name;
  }
  return std::string();
}

// The places the partners offer and use.
inline std::pair<std::ptrdiff_t, std::ptrdiff_t> places(const plan::pairing_plan& p) {
  std::ptrdiff_t used = 0, capacity = 0;
  for (const auto& x : p.partners) used += x.used, capacity += x.capacity;
  return {used, capacity};
}

// "3 blocking pairs under the preferences (...)", and for a value-optimal pairing without any, that it is stable too.
inline std::string blocking_sentence(const plan::pairing_plan& p) {
  std::string out = plural(p.blocking.size(), "blocking pair", "blocking pairs") +
                    " under the preferences (the prefers lists, then pair values)";
  if (p.blocking.empty() && !p.stable) out += ": it is stable too";
  return out;
}

// "stable pairing (deferred acceptance, staff propose): stability cost 3 against the value optimum 596", or the
// value optimum's line.
inline std::string stability_sentence(const plan::pairing_plan& p) {
  if (!p.stable) return "the pairing of most value (not asked to be stable)";
  return "stable pairing (deferred acceptance, " + p.optimal + " propose): stability cost " +
         number(p.stability_cost, 10) + " against the value optimum " + number(p.optimal_objective, 10);
}

}  // namespace detail_text

// A mentor pairing or a training placement as terminal text (see the header comment), like render_table: UTF-8,
// lines ending in "\n", ANSI codes only when opt.colour. `problem` is the pairing's problem, for names.
inline std::string render_pairing_table(const plan::pairing_plan& p, const model::problem& problem,
                                        const text_options& opt = {}) {
  namespace dt = detail_text;
  using dt::style;
  const bool colour = opt.colour;
  const dt::partner_words words = dt::partner_words_of(p);
  const auto names = dt::partner_names(p, problem);
  std::string out;

  // Headline.
  std::string cert = p.cert.ok ? dt::styled("certificate ok", style::green, colour)
                               : dt::styled("certificate FAILED", style::red, colour);
  cert += " (gap " + dt::number(p.cert.gap, 3) + ")";
  if (!p.cert.ok && !p.cert.message.empty()) cert += ": " + clean_cell(p.cert.message);
  out += dt::styled(clean_cell(dt::pairing_label(p)), style::bold, colour) + ": " +
         std::to_string(p.assignments.size()) + "/" + std::to_string(p.staff) + " staff paired, objective " +
         dt::number(p.objective, 10) + ", " + cert + "\n";
  const auto [used, capacity] = dt::places(p);
  out += dt::plural(p.assignments.size(), "pair", "pairs") + " with " +
         dt::plural(p.partners.size(), words.one, words.many) + " (" + std::to_string(used) + "/" +
         std::to_string(capacity) + " places used), " + dt::plural(p.unassigned.size(), "staff member", "staff") +
         " unpaired, " + dt::plural(p.uncovered.size(), "skill", "skills") + " no " + words.one + " covers";
  if (!p.scope.empty()) {
    out += "; mentors pair with staff of the " + std::string(p.scope == "department" ? "departments" : "units") +
           " they are posted to";
  }
  out += "\n";

  // Pairs.
  out += "\n" + dt::styled("Pairs", style::bold, colour) + "\n";
  if (p.assignments.empty()) {
    out += "  none\n";
  } else {
    // A team's members are listed once, under its places below; each goal names the member who teaches it.
    const bool team = p.format == "team";
    std::vector<dt::column> columns = {{words.one}, {"name"},        {"staff"},
                                       {"unit"},    {"value", true}, {"goals taught (now->target)"}};
    if (team) columns.erase(columns.begin() + 1);
    dt::table t(std::move(columns), opt);
    for (const auto& a : p.assignments) {
      std::vector<std::string> row = {a.partner, dt::name_of(names, a.partner), a.staff,
                                      a.unit,    dt::number(a.value, 4),        dt::goals_text(a.goals)};
      if (team) row.erase(row.begin() + 1);
      t.add(std::move(row));
    }
    out += t.render(2, "pairs");
  }

  // Unpaired staff.
  out += "\n" + dt::styled("Unpaired staff", style::bold, colour) + "\n";
  if (p.unassigned.empty()) {
    out += "  none: every staff member is paired\n";
  } else {
    std::unordered_map<std::string, const model::staff_member*> staff;
    if (problem.staff) {
      for (const auto& s : *problem.staff) staff.emplace(s.id, &s);
    }
    dt::table t({{"staff"},
                 {"unit"},
                 {"reason", false, style::yellow},
                 {std::string("best ") + words.one},
                 {"value", true},
                 {"explanation", false, style::dim}},
                opt);
    for (const auto& u : p.unassigned) {
      const auto it = staff.find(u.staff);
      const bool best = !u.best_partner.empty();
      t.add({u.staff, it == staff.end() ? std::string() : it->second->unit, u.reason, best ? u.best_partner : "-",
             best ? dt::number(u.best_value, 4) : "-", u.explanation});
    }
    out += t.render(2, "staff");
  }

  // Uncovered goals: the recruiting brief.
  out += "\n" + dt::styled("Goals no " + std::string(words.one) + " covers (recruiting brief)", style::bold, colour) +
         "\n";
  if (p.uncovered.empty()) {
    out += "  none: every goal has a " + std::string(words.one) + " who can teach it\n";
  } else {
    dt::table t({{"skill"},
                 {"name"},
                 {"level needed", true, style::yellow},
                 {"best available", true},
                 {"importance", true},
                 {"staff count", true},
                 {"who"}},
                opt);
    for (const auto& u : p.uncovered) {
      std::string who;
      for (const auto& s : u.staff) who += (who.empty() ? "" : ", ") + s;
      t.add({u.skill, dt::skill_name(problem, u.skill), dt::number(u.level, 6), dt::number(u.best_available, 6),
             std::to_string(u.importance), std::to_string(u.staff.size()), who});
    }
    out += t.render(2, "skills");
  }

  // Partners: places and shadow prices.
  out += "\n" + dt::styled(std::string(words.title) + ": places and shadow prices", style::bold, colour) + "\n";
  if (p.partners.empty()) {
    out += "  none\n";
  } else {
    dt::table t({{words.one},
                 {p.format == "team" ? "members" : "name"},
                 {"capacity", true},
                 {"used", true},
                 {"shadow price", true}},
                opt);
    for (const auto& x : p.partners) {
      t.add(
          {x.id, dt::name_of(names, x.id), std::to_string(x.capacity), std::to_string(x.used), dt::number(x.price, 4)});
    }
    out += t.render(2, words.many);
  }

  // Stability.
  out += "\n" + dt::styled("Stability", style::bold, colour) + "\n";
  out += "  " + clean_cell(dt::stability_sentence(p)) + "\n";
  out += "  " + clean_cell(dt::blocking_sentence(p));
  if (!p.blocking.empty()) {
    constexpr std::size_t shown = 5;
    out += ":";
    for (std::size_t k = 0; k < p.blocking.size() && k < shown; ++k) {
      out += (k ? ", " : " ") + clean_cell(p.blocking[k].staff) + " with " + clean_cell(p.blocking[k].partner);
    }
    if (p.blocking.size() > shown) out += ", \xE2\x80\xA6 " + std::to_string(p.blocking.size() - shown) + " more";
  }
  out += "\n";
  return out;
}

}  // namespace talentmatch::io
