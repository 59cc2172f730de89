"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../lib/trpc/client";

export function InterestButton({ courseId, initialCount }: { courseId: string; initialCount: number }) {
  const trpc = useTRPC();
  const [count, setCount] = useState(initialCount);
  const register = useMutation(
    trpc.course.registerInterest.mutationOptions({ onSuccess: (result) => setCount(result.interestCount) }),
  );
  return (
    <p>
      <button type="button" onClick={() => register.mutate({ courseId })} disabled={register.isPending}>
        I'm interested
      </button>{" "}
      <output aria-live="polite" data-testid="interest-count">
        {count} {count === 1 ? "person is" : "people are"} interested
      </output>
      {register.isError ? <span role="alert"> Could not save: {register.error.message}</span> : null}
    </p>
  );
}
