"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { messageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc/client";

export function StartQuizButton({ assignmentId, isRetake }: { assignmentId: string; isRetake: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  // The button only works once React has hydrated it; until then it shows as disabled, so a click
  // on a slow device (or a browser test on a busy machine) is not silently lost.
  const [isHydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const start = useMutation(
    trpc.attempt.start.mutationOptions({ onSuccess: (attempt) => router.push(`/attempts/${attempt.id}`) }),
  );
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={!isHydrated || start.isPending || start.isSuccess}
        onClick={() => start.mutate({ assignmentId })}
      >
        {isRetake ? "Try again" : "Start quiz"}
      </button>
      {start.error ? (
        <p role="alert" className="error-text small">
          {messageOf(start.error)}
        </p>
      ) : null}
    </>
  );
}
