/*
 * bottomline-fold.js: the JavaScript twin of bottomline/text.py.
 *
 * fold(), nameKey(), stripArabicArticle(), searchWords() and isSearchWord() must give
 * exactly what their Python namesakes give, or a query and the search index stop
 * agreeing; tests/test_fold_parity.py runs both over the same inputs in Chromium.
 * Nothing here touches the DOM.
 */
"use strict";

(function (root) {
  const APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02b9\u0060\u00b4\u2032\u02bf\u02be";
  const HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212";
  const ARTICLES = new Set(["al", "el", "\u0627\u0644"]);
  const ARABIC_ARTICLE_PREFIXES = [
    "\u0648\u0627\u0644", // وال
    "\u0628\u0627\u0644", // بال
    "\u0641\u0627\u0644", // فال
    "\u0643\u0627\u0644", // كال
    "\u0644\u0644", // لل
    "\u0627\u0644", // ال
  ];
  const ARABIC_LETTERS = {
    "\u0623": "\u0627", // أ -> ا
    "\u0625": "\u0627", // إ -> ا
    "\u0622": "\u0627", // آ -> ا
    "\u0671": "\u0627", // ٱ -> ا
    "\u0629": "\u0647", // ة -> ه
    "\u0649": "\u064a", // ى -> ي
    "\u06cc": "\u064a", // Persian ی -> ي
    "\u06a9": "\u0643", // Persian ک -> ك
  };
  // Arabic-Indic and Persian digits -> 0-9, so "١٣١٠" finds 1,310.
  for (let d = 0; d < 10; d++) {
    ARABIC_LETTERS[String.fromCharCode(0x0660 + d)] = String(d);
    ARABIC_LETTERS[String.fromCharCode(0x06f0 + d)] = String(d);
  }
  /** Shortest bare number worth indexing (Python: MIN_NUMBER_DIGITS). */
  const MIN_NUMBER_DIGITS = 3;

  // BEGIN GENERATED UNICODE TABLES (python tests/test_fold_parity.py --write)
  const UNICODE_VERSION = "14.0.0";
  const COMBINING_RE = /[\u0300-\u034e\u0350-\u036f\u0483-\u0487\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed\u0711\u0730-\u074a\u07eb-\u07f3\u07fd\u0816-\u0819\u081b-\u0823\u0825-\u0827\u0829-\u082d\u0859-\u085b\u0898-\u089f\u08ca-\u08e1\u08e3-\u08ff\u093c\u094d\u0951-\u0954\u09bc\u09cd\u09fe\u0a3c\u0a4d\u0abc\u0acd\u0b3c\u0b4d\u0bcd\u0c3c\u0c4d\u0c55-\u0c56\u0cbc\u0ccd\u0d3b-\u0d3c\u0d4d\u0dca\u0e38-\u0e3a\u0e48-\u0e4b\u0eb8-\u0eba\u0ec8-\u0ecb\u0f18-\u0f19\u0f35\u0f37\u0f39\u0f71-\u0f72\u0f74\u0f7a-\u0f7d\u0f80\u0f82-\u0f84\u0f86-\u0f87\u0fc6\u1037\u1039-\u103a\u108d\u135d-\u135f\u1714-\u1715\u1734\u17d2\u17dd\u18a9\u1939-\u193b\u1a17-\u1a18\u1a60\u1a75-\u1a7c\u1a7f\u1ab0-\u1abd\u1abf-\u1ace\u1b34\u1b44\u1b6b-\u1b73\u1baa-\u1bab\u1be6\u1bf2-\u1bf3\u1c37\u1cd0-\u1cd2\u1cd4-\u1ce0\u1ce2-\u1ce8\u1ced\u1cf4\u1cf8-\u1cf9\u1dc0-\u1dff\u20d0-\u20dc\u20e1\u20e5-\u20f0\u2cef-\u2cf1\u2d7f\u2de0-\u2dff\u302a-\u302f\u3099-\u309a\ua66f\ua674-\ua67d\ua69e-\ua69f\ua6f0-\ua6f1\ua806\ua82c\ua8c4\ua8e0-\ua8f1\ua92b-\ua92d\ua953\ua9b3\ua9c0\uaab0\uaab2-\uaab4\uaab7-\uaab8\uaabe-\uaabf\uaac1\uaaf6\uabed\ufb1e\ufe20-\ufe2f\u{101fd}\u{102e0}\u{10376}-\u{1037a}\u{10a0d}\u{10a0f}\u{10a38}-\u{10a3a}\u{10a3f}\u{10ae5}-\u{10ae6}\u{10d24}-\u{10d27}\u{10eab}-\u{10eac}\u{10f46}-\u{10f50}\u{10f82}-\u{10f85}\u{11046}\u{11070}\u{1107f}\u{110b9}-\u{110ba}\u{11100}-\u{11102}\u{11133}-\u{11134}\u{11173}\u{111c0}\u{111ca}\u{11235}-\u{11236}\u{112e9}-\u{112ea}\u{1133b}-\u{1133c}\u{1134d}\u{11366}-\u{1136c}\u{11370}-\u{11374}\u{11442}\u{11446}\u{1145e}\u{114c2}-\u{114c3}\u{115bf}-\u{115c0}\u{1163f}\u{116b6}-\u{116b7}\u{1172b}\u{11839}-\u{1183a}\u{1193d}-\u{1193e}\u{11943}\u{119e0}\u{11a34}\u{11a47}\u{11a99}\u{11c3f}\u{11d42}\u{11d44}-\u{11d45}\u{11d97}\u{16af0}-\u{16af4}\u{16b30}-\u{16b36}\u{16ff0}-\u{16ff1}\u{1bc9e}\u{1d165}-\u{1d169}\u{1d16d}-\u{1d172}\u{1d17b}-\u{1d182}\u{1d185}-\u{1d18b}\u{1d1aa}-\u{1d1ad}\u{1d242}-\u{1d244}\u{1e000}-\u{1e006}\u{1e008}-\u{1e018}\u{1e01b}-\u{1e021}\u{1e023}-\u{1e024}\u{1e026}-\u{1e02a}\u{1e130}-\u{1e136}\u{1e2ae}\u{1e2ec}-\u{1e2ef}\u{1e8d0}-\u{1e8d6}\u{1e944}-\u{1e94a}]/gu;
  const CASEFOLD_RUNS = [[962,962,1],[5024,5109,0],[5112,5117,-8],[7296,7296,-6222],[7297,7297,-6221],[7298,7298,-6212],[7299,7300,-6210],[7301,7301,-6211],[7302,7302,-6204],[7303,7303,-6180],[7304,7304,35267],[43888,43967,-38864]];
  const CASEFOLD_SPECIAL = {"\u00df": "\u0073\u0073", "\u1e9e": "\u0073\u0073"};
  // END GENERATED UNICODE TABLES

  const escapeClass = (chars) => chars.replace(/[\\\]\-^]/g, "\\$&");
  const APOSTROPHE_RE = new RegExp(`[${escapeClass(APOSTROPHES)}]`, "gu");
  const HYPHEN_RE = new RegExp(`[${escapeClass(HYPHENS)}]`, "u");
  const ARABIC_MARKS_RE = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/gu;
  const ARABIC_LETTERS_RE = new RegExp(`[${Object.keys(ARABIC_LETTERS).join("")}]`, "gu");
  // Python's [\W_]: anything but a letter or a number (str.isalnum()).
  const NON_WORD_RE = /[^\p{L}\p{N}]+/gu;
  // A number written with thousands separators (Latin or Arabic): "1,310", "١٬٣١٠".
  const THOUSANDS_RE = /(?<![0-9])[0-9]{1,3}(?:[,\u066c][0-9]{3})+(?![0-9])/g;
  const THOUSANDS_SEPARATOR_RE = /[,\u066c]/g;
  // An English possessive: "KH's", "the CBI’s", "the U.S.'s" (before the apostrophe goes).
  const POSSESSIVE_RE = new RegExp(`(?<=[\\p{L}\\p{N}]\\.?)[${escapeClass(APOSTROPHES)}][sS](?![\\p{L}\\p{N}])`, "gu");
  // An abbreviation written with dots ("U.S.", "U.N.", "a.m."): joined when all letters.
  const DOTTED_RE = /(?<![\p{L}\p{N}])[\p{L}\p{N}](?:\.[\p{L}\p{N}])+\.?(?![\p{L}\p{N}])/gu;
  const COMPOUND_RE = new RegExp(
    `[\\p{L}\\p{N}]+(?:[${escapeClass(HYPHENS)}][\\p{L}\\p{N}]+)+`,
    "gu",
  );

  /** Python's str.casefold(), one code point at a time (casefold has no context rules). */
  const casefoldChar = (ch) => {
    const special = CASEFOLD_SPECIAL[ch];
    if (special !== undefined) return special;
    const code = ch.codePointAt(0);
    for (const [start, end, delta] of CASEFOLD_RUNS) {
      if (code >= start && code <= end) return String.fromCodePoint(code + delta);
    }
    return ch.toLowerCase();
  };
  const casefold = (text) => {
    if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
    let out = "";
    for (const ch of text) out += casefoldChar(ch);
    return out;
  };

  /** fold() before separators collapse: letters folded, punctuation still in place. */
  const foldLetters = (text) => {
    let s = String(text).normalize("NFKC");
    s = s.replace(APOSTROPHE_RE, "");
    s = s.replace(ARABIC_MARKS_RE, "");
    s = s.replace(ARABIC_LETTERS_RE, (ch) => ARABIC_LETTERS[ch]);
    s = s.normalize("NFD").replace(COMBINING_RE, "").normalize("NFC");
    return casefold(s);
  };

  /** Case, accents, apostrophes and Arabic letter variants folded; words kept apart. */
  const fold = (text) => foldLetters(text).replace(NON_WORD_RE, " ").trim();

  /** Two spellings of one name share this key: folded, every separator removed. */
  const nameKey = (text) => fold(text).replaceAll(" ", "");

  const codePointLength = (text) => [...text].length;

  /** "الحشد" -> "حشد": the article goes when at least two letters remain. */
  const stripArabicArticle = (word) => {
    for (const prefix of ARABIC_ARTICLE_PREFIXES) {
      if (word.startsWith(prefix) && codePointLength(word) - codePointLength(prefix) >= 2) {
        return word.slice(prefix.length);
      }
    }
    return word;
  };

  const joinNumber = (number) => number.replace(THOUSANDS_SEPARATOR_RE, "");
  const joinDotted = (abbreviation) => {
    const joined = abbreviation.replaceAll(".", "");
    return /^\p{L}+$/u.test(joined) ? joined : abbreviation;
  };

  /**
   * searchWords in two lists: the words of text in order, then the joined compounds.
   * The query parser needs to tell them apart; the index stores both.
   */
  const searchParts = (text) => {
    const possessiveless = String(text).normalize("NFKC").replace(POSSESSIVE_RE, "");
    const letters = foldLetters(possessiveless).replace(THOUSANDS_RE, joinNumber).replace(DOTTED_RE, joinDotted);
    const words = letters
      .split(NON_WORD_RE)
      .filter((w) => w)
      .map(stripArabicArticle);
    const compounds = [];
    for (const [compound] of letters.matchAll(COMPOUND_RE)) {
      if (!/\p{L}/u.test(compound)) continue; // dates and ranges are not names
      let parts = compound.split(HYPHEN_RE).map(stripArabicArticle);
      if (ARTICLES.has(parts[0])) parts = parts.slice(1);
      if (parts.length > 1) compounds.push(parts.join(""));
    }
    return { words, compounds };
  };

  /** The words the index stores for text: folded words (abbreviations joined) plus joined hyphenated compounds. */
  const searchWords = (text) => {
    const { words, compounds } = searchParts(text);
    return [...words, ...compounds];
  };

  /** Not a lone Latin letter, not a short number (Python: is_search_word). */
  const isSearchWord = (word) => {
    if (/^\p{Nd}+$/u.test(word)) return codePointLength(word) >= MIN_NUMBER_DIGITS && !word.startsWith("0");
    return Boolean(word) && !(codePointLength(word) === 1 && /^[\x00-\x7f]$/.test(word));
  };

  const api = {
    APOSTROPHES,
    HYPHENS,
    ARTICLES,
    MIN_NUMBER_DIGITS,
    UNICODE_VERSION,
    fold,
    foldLetters,
    nameKey,
    stripArabicArticle,
    searchWords,
    searchParts,
    isSearchWord,
    isHyphen: (ch) => HYPHEN_RE.test(ch),
  };
  root.BottomlineFold = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
