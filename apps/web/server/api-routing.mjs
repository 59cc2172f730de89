/**
 * Which API process a request goes to. A signed-in browser's requests carry the same Cookie header,
 * and they all go to one process, picked by a hash of that header: each API process keeps what a
 * student's next request reads (an attempt's parsed questions, apps/api's held-questions.ts), and
 * rotating a student's requests over N processes would leave each of them 1/N of those hits. The
 * same header gives the same process on every web process and in every server component. Requests
 * without cookies (a sign-in, a health check) rotate.
 */

/** Parses API_ORIGINS ("http://127.0.0.1:3001,http://127.0.0.1:3002"), failing with the bad entry. */
export function parseApiOrigins(value) {
  const origins = (value ?? "http://127.0.0.1:3001")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      let url;
      try {
        url = new URL(o);
      } catch {
        throw new Error(`API_ORIGINS: "${o}" is not a URL; write it as http://host:port`);
      }
      if (url.protocol !== "http:") throw new Error(`API_ORIGINS: "${o}" must use http:`);
      return url;
    });
  if (origins.length === 0) throw new Error("API_ORIGINS is empty; give at least one http://host:port");
  return origins;
}

/**
 * FNV-1a over the UTF-16 code units, then MurmurHash3's finaliser: FNV-1a's low bits alone are weak
 * (its lowest bit is the parity of the odd code units), and `% origins.length` reads the low bits.
 */
function hashText(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * A picker over `origins`: `pick(cookie)` gives the index of the origin for a request with that
 * Cookie header (undefined or empty: the next in turn).
 */
export function createOriginPicker(origins) {
  let next = 0;
  return function pick(cookie) {
    if (origins.length === 1) return 0;
    if (cookie) return hashText(cookie) % origins.length;
    const index = next;
    next = (next + 1) % origins.length;
    return index;
  };
}
