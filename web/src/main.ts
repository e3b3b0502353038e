// The PawfectLive web client: hash routes for Browse (#/), Watch (#/watch/{id}), Go Live (#/live), Admin (#/admin), a
// stream's stats (#/stats/{id}) and the owner's streams (#/mine).
import "./styles.css";
import { api } from "./api";
import { h, mount } from "./dom";
import { session } from "./session";
import { admin } from "./views/admin";
import { browse } from "./views/browse";
import { goLive } from "./views/goLive";
import { myStreams, streamStats } from "./views/stats";
import { watch } from "./views/watch";

const app = document.getElementById("app")!;
const account = document.getElementById("account")!;
let leaveView: () => void = () => {};

function renderAccount() {
  if (session.userId) {
    mount(account,
      h("span", { "data-testid": "signed-in-as" }, `🐾 ${session.name ?? session.userId}`),
      h("button", { type: "button", onclick: () => { session.clear(); renderAccount(); route(); } }, "Sign out"));
    return;
  }
  const userId = h("input", { "data-testid": "user-id", placeholder: "user id", size: "12" });
  const asAdmin = h("input", { type: "checkbox", "data-testid": "sign-in-admin", title: "Sign in as an admin" });
  mount(account, h("form", {
    class: "sign-in",
    onsubmit: async (event: Event) => {
      event.preventDefault();
      const id = userId.value.trim();
      if (!id) return;
      const { accessToken } = await api.devToken(id, id, asAdmin.checked);
      session.save({ token: accessToken, userId: id, name: id });
      renderAccount();
      route();
    },
  }, userId, h("label", { class: "admin-toggle" }, asAdmin, " admin"), h("button", { type: "submit", "data-testid": "sign-in" }, "Sign in (dev)")));
}

function route() {
  leaveView();
  const path = location.hash.replace(/^#/, "") || "/";
  const watchMatch = path.match(/^\/watch\/([0-9a-f]{24})$/);
  const statsMatch = path.match(/^\/stats\/([0-9a-f]{24})$/);
  if (watchMatch) leaveView = watch(app, watchMatch[1]);
  else if (statsMatch) leaveView = streamStats(app, statsMatch[1]);
  else if (path === "/mine") leaveView = myStreams(app);
  else if (path === "/live") leaveView = goLive(app);
  else if (path === "/admin") leaveView = admin(app);
  else leaveView = browse(app);
}

window.addEventListener("hashchange", route);
renderAccount();
route();
