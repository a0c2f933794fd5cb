"use server";
// The admin page's forms: accounts, roles and API tokens. Each one is made by governedAction.
import { revalidatePath } from "next/cache";
import { type ActionResult, governedAction } from "@/lib/auth/action";
import { addUser, createToken, generatePassword, revokeToken, setRole } from "@/lib/governance/accounts";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
};

export const addUserAction = governedAction(
  "administer",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    const password = generatePassword();
    const user = await addUser(
      prisma,
      principal,
      { email: text(form, "email"), role: text(form, "role"), name: text(form, "name"), password },
      audit,
    );
    revalidatePath("/admin");
    return `Account ${user.email} (${user.role}) created. Its password, shown only now: ${password}`;
  },
);

export const setRoleAction = governedAction(
  "administer",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    const change = await setRole(prisma, principal, text(form, "email"), text(form, "role"), audit);
    revalidatePath("/admin");
    return `${change.email}: ${change.from} → ${change.to}.`;
  },
);

export const createTokenAction = governedAction(
  "administer",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    const scopes = form.getAll("scope").filter((s): s is string => typeof s === "string");
    const made = await createToken(
      prisma,
      principal,
      { email: text(form, "email"), scopes, name: text(form, "name") },
      audit,
    );
    revalidatePath("/admin");
    return `Token for ${made.owner} (${made.scopes.join(", ")}), shown only now: ${made.token}`;
  },
);

export const revokeTokenAction = governedAction(
  "administer",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    await revokeToken(prisma, principal, text(form, "id"), audit);
    revalidatePath("/admin");
    return "Token revoked.";
  },
);
