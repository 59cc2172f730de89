import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Role } from "../auth.ts";
import type { Db } from "../db/client.ts";
import { isUniqueViolation } from "../db/json.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

export async function listUsers(db: Db, input: { search?: string; take: number }) {
  return db.read.user.findMany({
    where: input.search
      ? { OR: [{ email: { contains: input.search } }, { name: { contains: input.search } }] }
      : {},
    orderBy: { email: "asc" },
    take: input.take,
    select: { id: true, name: true, email: true, role: true, disabled: true, createdAt: true },
  });
}

export async function setRole(db: Db, input: { actorId: string; userId: string; role: Role }) {
  if (input.actorId === input.userId && input.role !== "admin") {
    throw new ConflictError("You cannot take the admin role from yourself; ask another admin.");
  }
  const { count } = await db.write((client) =>
    client.user.updateMany({ where: { id: input.userId }, data: { role: input.role } }),
  );
  if (count === 0) throw new NotFoundError("No such user.");
  return { id: input.userId, role: input.role };
}

/** Disabling ends every session of the account at once, on every API instance (sessions live in the database). */
export async function setDisabled(db: Db, input: { actorId: string; userId: string; disabled: boolean }) {
  if (input.actorId === input.userId) throw new ConflictError("You cannot disable your own account.");
  const count = await db.transaction(async (tx) => {
    const updated = await tx.user.updateMany({
      where: { id: input.userId },
      data: { disabled: input.disabled },
    });
    if (input.disabled) await tx.session.deleteMany({ where: { userId: input.userId } });
    return updated.count;
  });
  if (count === 0) throw new NotFoundError("No such user.");
  return { id: input.userId, disabled: input.disabled };
}

/**
 * An admin makes an account (with sign-up off, the default, the only way one is made). The password is
 * hashed as better-auth hashes it at sign-up, and stored as its credential account, so better-auth
 * signs the user in as any other.
 */
export async function createUser(
  db: Db,
  input: { email: string; name: string; role: Role; password: string; now: Date },
) {
  const email = input.email.trim().toLowerCase();
  const password = await hashPassword(input.password);
  const id = randomUUID();
  try {
    await db.transaction(async (tx) => {
      await tx.user.create({
        data: { id, email, name: input.name, role: input.role, createdAt: input.now, updatedAt: input.now },
        select: { id: true },
      });
      await tx.account.create({
        data: {
          id: randomUUID(),
          userId: id,
          accountId: id,
          providerId: "credential",
          password,
          createdAt: input.now,
          updatedAt: input.now,
        },
        select: { id: true },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`An account with ${email} exists already.`);
    throw error;
  }
  return { id, email, name: input.name, role: input.role };
}
