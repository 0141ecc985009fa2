export { LoginPage } from "./LoginPage";
export { RequireAuth } from "./RequireAuth";
export { useMe, useLogout } from "./session";
