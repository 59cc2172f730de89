/** Types for api-routing.mjs, which server components (src/lib/api-origin.ts) share with the /api proxy. */
export declare function parseApiOrigins(value: string | undefined): URL[];
export declare function createOriginPicker(origins: readonly URL[]): (cookie?: string | null) => number;
