import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.ts";
import { isUniqueViolation } from "../db/json.ts";
import { NotFoundError } from "../errors.ts";

export interface Actor {
  id: string;
  role: string;
}

/** Invite codes: 8 characters without look-alikes (0/O, 1/I/L). */
const inviteAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
function newInviteCode(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => inviteAlphabet[b % inviteAlphabet.length]).join("");
}

/** The class, if the actor teaches it (or is an admin); otherwise "not found". */
export async function requireTaughtClass(db: Db, actor: Actor, classId: string) {
  const found = await db.read.class.findUnique({
    where: { id: classId },
    select: { id: true, name: true, instructorId: true, inviteCode: true },
  });
  if (!found || (found.instructorId !== actor.id && actor.role !== "admin"))
    throw new NotFoundError("No such class.");
  return found;
}

export async function createClass(db: Db, input: { instructorId: string; name: string; now: Date }) {
  for (let tries = 0; tries < 5; tries++) {
    try {
      return await db.write((client) =>
        client.class.create({
          data: {
            name: input.name.trim(),
            instructorId: input.instructorId,
            inviteCode: newInviteCode(),
            createdAt: input.now,
          },
          select: { id: true, name: true, inviteCode: true },
        }),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error("could not find a free invite code");
}

export async function listTaughtClasses(db: Db, actor: Actor) {
  const classes = await db.read.class.findMany({
    where: actor.role === "admin" ? {} : { instructorId: actor.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      inviteCode: true,
      _count: { select: { enrolments: true, assignments: true } },
    },
  });
  return classes.map(({ _count, ...c }) => ({
    ...c,
    students: _count.enrolments,
    assignments: _count.assignments,
  }));
}

export async function getTaughtClass(db: Db, actor: Actor, classId: string) {
  const found = await requireTaughtClass(db, actor, classId);
  const students = await db.read.enrolment.findMany({
    where: { classId },
    orderBy: { user: { name: "asc" } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  return { ...found, students: students.map((s) => s.user) };
}

/** A student joins with the invite code the instructor shared. Joining twice is harmless. */
export async function joinClass(db: Db, input: { userId: string; inviteCode: string; now: Date }) {
  const found = await db.read.class.findUnique({
    where: { inviteCode: input.inviteCode.trim().toUpperCase() },
    select: { id: true, name: true },
  });
  if (!found) throw new NotFoundError("No class has that invite code; check it with your instructor.");
  await enrol(db, found.id, input.userId, input.now);
  return found;
}

async function enrol(db: Db, classId: string, userId: string, now: Date): Promise<boolean> {
  try {
    await db.write((client) =>
      client.enrolment.create({ data: { classId, userId, createdAt: now }, select: { id: true } }),
    );
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** The instructor enrols students by email; unknown or non-student addresses are reported, not guessed. */
export async function enrolByEmail(
  db: Db,
  actor: Actor,
  input: { classId: string; emails: string[]; now: Date },
) {
  await requireTaughtClass(db, actor, input.classId);
  const emails = [...new Set(input.emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  const users = await db.read.user.findMany({
    where: { email: { in: emails } },
    select: { id: true, email: true, role: true },
  });
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const enrolled: string[] = [];
  const already: string[] = [];
  const unknown: string[] = [];
  for (const email of emails) {
    const user = byEmail.get(email);
    if (user?.role !== "student") {
      unknown.push(email);
      continue;
    }
    ((await enrol(db, input.classId, user.id, input.now)) ? enrolled : already).push(email);
  }
  return { enrolled, already, unknown };
}

export async function removeStudent(db: Db, actor: Actor, input: { classId: string; userId: string }) {
  await requireTaughtClass(db, actor, input.classId);
  const { count } = await db.write((client) =>
    client.enrolment.deleteMany({ where: { classId: input.classId, userId: input.userId } }),
  );
  if (count === 0) throw new NotFoundError("That student is not in this class.");
  return { removed: true };
}
