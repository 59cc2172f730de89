import type { Metadata } from "next";
import { Forbidden } from "../../components/forbidden";
import { formatDate } from "../../lib/format";
import { load, requireViewer } from "../../lib/session";
import { createServerApi } from "../../lib/trpc/server";
import { CreateUserForm } from "./create-user-form";
import { UserControls } from "./user-controls";

export const metadata: Metadata = { title: "People" };

export default async function AdminPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requireViewer("/admin");
  if (viewer.role !== "admin") return <Forbidden needs="admin" />;
  const search = String((await searchParams).q ?? "").slice(0, 100);
  const api = await createServerApi();
  const users = await load(() => api.admin.users.query({ search: search || undefined, take: 200 }), "/admin");
  return (
    <>
      <h1>People</h1>
      <search>
        <form className="row card">
          <div className="field">
            <label htmlFor="user-search">Search by name or email</label>
            <input id="user-search" name="q" defaultValue={search} />
          </div>
          <button type="submit" className="button secondary">
            Search
          </button>
        </form>
      </search>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Joined</th>
              <th scope="col">Role and access</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row">
                  {user.name}
                  <br />
                  <span className="muted small">{user.email}</span>
                </th>
                <td className="small">{formatDate(user.createdAt)}</td>
                <td>
                  <UserControls
                    userId={user.id}
                    name={user.name}
                    role={user.role}
                    isDisabled={user.disabled}
                    isSelf={user.id === viewer.id}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CreateUserForm />
    </>
  );
}
