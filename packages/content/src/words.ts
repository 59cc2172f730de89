const nonAsciiWordChar = /[\p{L}\p{N}]/u;

/**
 * The number of words (runs of letters and digits) in `text`, without building a list of them:
 * segmentation and reading times count every passage.
 *
 * @example
 * countWords("It costs $5.6 million."); // 5
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isWordChar =
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      (code > 127 && nonAsciiWordChar.test(String.fromCodePoint(text.codePointAt(i) ?? code)));
    if (isWordChar && !inWord) count++;
    inWord = isWordChar;
    if (code >= 0xd800 && code <= 0xdbff) i++; // the low half of a surrogate pair
  }
  return count;
}
