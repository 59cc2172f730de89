import type { AppRouter } from "@groundwork/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;
export type AttemptView = Outputs["attempt"]["byId"];
export type StudentQuestion = AttemptView["questions"][number]["question"];
export type AttemptResult = NonNullable<AttemptView["questions"][number]["result"]>;
export type ResponseValue = Inputs["attempt"]["save"]["response"];
