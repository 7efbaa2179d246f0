import { SignInPanel } from "@portico/portal-auth/sign-in";

export default function SignIn() {
  return <SignInPanel portalName="developer portal" />;
}
