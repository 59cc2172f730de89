"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { messageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc/client";

export function StartQuizButton({ assignmentId, isRetake }: { assignmentId: string; isRetake: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const start = useMutation(
    trpc.attempt.start.mutationOptions({ onSuccess: (attempt) => router.push(`/attempts/${attempt.id}`) }),
  );
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={start.isPending || start.isSuccess}
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
