"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorText } from "../../../../components/form-parts";
import { messageOf } from "../../../../lib/errors";
import { useTRPC } from "../../../../lib/trpc/client";

/** Fetches the CSV through tRPC (the session cookie goes along) and saves it as a file. */
export function CsvDownload({ classId }: { classId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  async function download() {
    setError(null);
    try {
      const { filename, csv } = await queryClient.fetchQuery({
        ...trpc.assignment.gradebookCsv.queryOptions({ classId }),
        staleTime: 0,
      });
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }
  return (
    <div className="row">
      <button type="button" className="button secondary" onClick={() => void download()}>
        Download CSV
      </button>
      <ErrorText error={error} />
    </div>
  );
}
