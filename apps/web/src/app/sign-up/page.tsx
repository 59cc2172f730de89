import type { Metadata } from "next";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

/** Where a student with a class invite code makes an account, when the server's SIGN_UP allows it. */
export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const code = (await searchParams).code;
  return (
    <div className="narrow">
      <h1>Create an account</h1>
      <p className="muted">
        With the invite code your instructor gave you. Where accounts are given by your school or team, ask an
        administrator instead.
      </p>
      <SignUpForm inviteCode={typeof code === "string" ? code.slice(0, 20) : ""} />
    </div>
  );
}
