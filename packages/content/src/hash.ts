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

/** A short id derived from content: the first 10 hex digits of its SHA-256. */
export function contentId(text: string): string {
  return sha256Hex(text).slice(0, 10);
}
