import { createHash } from "node:crypto";

/**
 * Hex SHA-256 of bytes or text.
 *
 * @example
 * sha256Hex(""); // "e3b0c442...b855"
 */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * A short id derived from content: a 53-bit hash (cyrb53), 11 base-36 characters.
 * Ids need stability, not secrecy, and this is many times cheaper than SHA-256 on short strings;
 * callers disambiguate the rare collision.
 *
 * @example
 * contentId("The model was cheap."); // the same 11 characters on every run
 */
export function contentId(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, "0");
}
