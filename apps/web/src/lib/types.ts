import type { AppRouter } from "@groundwork/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;
export type AttemptView = Outputs["attempt"]["byId"];
export type StudentQuestion = AttemptView["questions"][number]["question"];
export type AttemptResult = NonNullable<AttemptView["questions"][number]["result"]>;
export type ResponseValue = Inputs["attempt"]["save"]["response"];

/** The signed-in user (`account.me`), and the roles the API knows: both from the router's types. */
export type Viewer = NonNullable<Outputs["account"]["me"]>;
export type Role = Viewer["role"];
/** Every role, in the order forms offer them. */
export const roles = ["student", "instructor", "author", "admin"] as const satisfies readonly Role[];
// Fails to compile when the API knows a role this list lacks.
const everyRoleListed: [Exclude<Role, (typeof roles)[number]>] extends [never] ? true : never = true;
void everyRoleListed;
/** The role a form field names, if it is one. */
export const roleOf = (value: unknown): Role | undefined => roles.find((role) => role === value);
