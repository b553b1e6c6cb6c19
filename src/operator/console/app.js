// billet's operator console: plain browser JavaScript, no build step. It talks only to the
// operator API (/operator/v1) with the bearer token kept in this tab's sessionStorage.

const API = "/operator/v1";
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("billet.operatorToken") || "";
let current = "organizations";
/** The Resources tab: its organization, each kind's page cursor, and the record opened. */
const resources = { organizationId: "", pages: {}, record: null };
const RESOURCE_PAGE_SIZE = 10;
/** A Console API token just created: shown once, on the next render of the Consoles tab. */
let newConsoleToken = null;
/** The OAuth apps tab: the client secret of the app just created, shown once. */
let oauthSecret = null;
/** The sync token just created: its value is shown once. */
let lastSyncToken = null;

async function api(method, path, body) {
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(API + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const first = Array.isArray(data) ? data[0] : null;
    const error = new Error(first ? `${first.code}: ${first.message}` : `HTTP ${res.status}`);
    error.status = res.status;
    throw error;
  }
  return data;
}

/** An element with text (never HTML) and children. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat())
    node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  return node;
}

function table(columns, rows, empty = "Nothing here yet.") {
  if (rows.length === 0) return el("p", { className: "empty" }, empty);
  return el(
    "table",
    {},
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        columns.map(([title]) => el("th", {}, title)),
      ),
    ),
    el(
      "tbody",
      {},
      rows.map((row) =>
        el(
          "tr",
          {},
          columns.map(([, cell]) => el("td", {}, cell(row))),
        ),
      ),
    ),
  );
}

function form(fields, submitLabel, onSubmit) {
  const inputs = fields.map(([name, _label, attrs = {}]) => [name, el("input", { name, ...attrs })]);
  const node = el(
    "form",
    {
      className: "inline",
      onsubmit: async (event) => {
        event.preventDefault();
        const values = Object.fromEntries(inputs.map(([name, input]) => [name, input.value]));
        await run(() => onSubmit(values));
      },
    },
    inputs.map(([_name, input], i) => el("label", {}, fields[i][1], input)),
    el("button", { type: "submit" }, submitLabel),
  );
  return node;
}

async function run(work) {
  $("error").textContent = "";
  try {
    await work();
    await show(current);
  } catch (error) {
    $("error").textContent = error.message;
    if (error.status === 401) signOut();
  }
}

const views = {
  async organizations() {
    const { results } = await api("GET", "/organizations");
    return [
      form([["name", "New organization"]], "Create", (v) => api("POST", "/organizations", { name: v.name })),
      table(
        [
          ["Id", (o) => o.id],
          ["Name", (o) => o.name],
          ["Locked", (o) => (o.locked ? "yes" : "no")],
          ["Created", (o) => when(o.createdTime)],
          [
            "",
            (o) =>
              el(
                "button",
                {
                  onclick: () =>
                    run(() => api("POST", `/organizations/${o.id}/${o.locked ? "unlock" : "lock"}`)),
                },
                o.locked ? "Unlock" : "Lock",
              ),
          ],
        ],
        results,
      ),
    ];
  },
  async users() {
    const { results: orgs } = await api("GET", "/organizations");
    const blocks = [];
    for (const org of orgs) {
      const { results } = await api("GET", `/organizations/${org.id}/users`);
      blocks.push(
        el("h3", {}, `${org.name} (${org.id})`),
        table(
          [
            ["Id", (u) => u.id],
            ["Email", (u) => u.email],
            ["Role", (u) => u.role],
            ["Archived", (u) => (u.archived ? "yes" : "no")],
          ],
          results,
        ),
      );
    }
    return blocks.length ? blocks : [el("p", { className: "empty" }, "No organizations.")];
  },
  async devkeys() {
    const { results } = await api("GET", "/devkeys");
    return table(
      [
        ["Id", (k) => k.id],
        ["Name", (k) => k.name],
        ["Active", (k) => (k.active ? "yes" : "no")],
        ["MFA bypass", (k) => (k.mfaBypass ? "yes" : "no")],
        [
          "",
          (k) =>
            k.active
              ? el(
                  "button",
                  {
                    className: "danger",
                    onclick: () => run(() => api("POST", `/devkeys/${k.id}/deactivate`)),
                  },
                  "Deactivate",
                )
              : "",
        ],
      ],
      results,
    );
  },
  async consoles() {
    const { results } = await api("GET", "/consoles");
    const shown = newConsoleToken;
    newConsoleToken = null;
    const blocks = [
      form([["name", "New console"]], "Create", (v) => api("POST", "/consoles", { name: v.name })),
    ];
    if (shown) {
      blocks.push(
        el(
          "p",
          { className: "notice" },
          `Console API token ${shown.id} for ${shown.userId} (shown once): `,
          el("code", { className: "token" }, shown.token),
        ),
      );
    }
    for (const c of results) {
      const details = await api("GET", `/consoles/${c.id}`);
      const { results: tokens } = await api("GET", `/consoles/${c.id}/tokens`);
      blocks.push(
        el("h3", {}, `${c.name} (${c.id})`),
        form([["organizationId", "Serve organization"]], "Add", (v) =>
          api("POST", `/consoles/${c.id}/organizations`, { organizationId: v.organizationId }),
        ),
        table(
          [
            ["Organization", (o) => o.organizationId],
            ["Added", (o) => when(o.addedTime)],
            [
              "",
              (o) =>
                el(
                  "button",
                  {
                    className: "danger",
                    onclick: () =>
                      run(() => api("DELETE", `/consoles/${c.id}/organizations/${o.organizationId}`)),
                  },
                  "Remove",
                ),
            ],
          ],
          details.organizations,
          "Serves no organization.",
        ),
        form([["email", "Add user (email)"]], "Add", (v) =>
          api("POST", `/consoles/${c.id}/users`, { email: v.email }),
        ),
        table(
          [
            ["User", (u) => u.userId],
            ["Email", (u) => u.email],
            [
              "",
              (u) =>
                el(
                  "button",
                  {
                    onclick: () =>
                      run(async () => {
                        newConsoleToken = await api("POST", `/consoles/${c.id}/tokens`, { userId: u.userId });
                      }),
                  },
                  "New token",
                ),
            ],
            [
              "",
              (u) =>
                el(
                  "button",
                  {
                    className: "danger",
                    onclick: () => run(() => api("DELETE", `/consoles/${c.id}/users/${u.userId}`)),
                  },
                  "Remove",
                ),
            ],
          ],
          details.users,
          "No users.",
        ),
        table(
          [
            ["Token", (k) => k.id],
            ["User", (k) => k.userId],
            ["Name", (k) => k.name],
            ["Created", (k) => when(k.createdTime)],
            ["Revoked", (k) => when(k.revokedTime)],
            [
              "",
              (k) =>
                k.revokedTime
                  ? ""
                  : el(
                      "button",
                      {
                        className: "danger",
                        onclick: () => run(() => api("POST", `/consoles/${c.id}/tokens/${k.id}/revoke`)),
                      },
                      "Revoke",
                    ),
            ],
          ],
          tokens,
          "No tokens.",
        ),
      );
    }
    if (results.length === 0) blocks.push(el("p", { className: "empty" }, "No consoles."));
    return blocks;
  },
  async synctokens() {
    const { results } = await api("GET", "/sync-tokens");
    // A new token's value is shown this once, above the list, and forgotten at the next view.
    const created = lastSyncToken;
    lastSyncToken = null;
    return [
      form(
        [
          ["organizationId", "Organization id", { required: "" }],
          ["name", "Name", { required: "" }],
          ["userId", "Acts as user id (optional)"],
        ],
        "Create",
        async (v) => {
          const body = { organizationId: v.organizationId, name: v.name };
          if (v.userId) body.userId = v.userId;
          lastSyncToken = await api("POST", "/sync-tokens", body);
        },
      ),
      created
        ? el(
            "p",
            { className: "created-secret" },
            `Token "${created.name}" (${created.id}): `,
            el("span", { className: "token" }, created.token),
            " (shown once: store it now)",
          )
        : "",
      table(
        [
          ["Id", (k) => k.id],
          ["Organization", (k) => k.organizationId],
          ["Name", (k) => k.name],
          ["User", (k) => k.userId],
          ["Created", (k) => when(k.createdTime)],
          ["Revoked", (k) => (k.revoked ? when(k.revokedTime) : "no")],
          [
            "",
            (k) =>
              k.revoked
                ? ""
                : el(
                    "button",
                    {
                      className: "danger",
                      "data-sync-token": k.id,
                      onclick: () => run(() => api("POST", `/sync-tokens/${k.id}/revoke`)),
                    },
                    "Revoke",
                  ),
          ],
        ],
        results,
        "No sync tokens.",
      ),
    ];
  },
  async oauthapps() {
    const { results } = await api("GET", "/oauth-apps");
    // A new app's secret is shown once, on the render right after its creation.
    const shown = oauthSecret;
    oauthSecret = null;
    return [
      form(
        [
          ["organizationId", "Organization id"],
          ["userId", "Administrator id"],
          ["name", "Name"],
          ["scope", "Scope (full or accounting)", { value: "accounting" }],
        ],
        "Create",
        async (v) => {
          const created = await api("POST", "/oauth-apps", v);
          oauthSecret = { clientId: created.clientId, clientSecret: created.clientSecret };
        },
      ),
      shown
        ? el(
            "p",
            { className: "notice", "data-secret": "oauth" },
            `Client id ${shown.clientId}, client secret ${shown.clientSecret}: store the secret now, it is not shown again.`,
          )
        : "",
      table(
        [
          ["Client id", (a) => a.clientId],
          ["Name", (a) => a.name],
          ["Scope", (a) => a.scope],
          ["Organization", (a) => a.organizationId],
          ["User", (a) => a.userId],
          ["Created", (a) => when(a.createdTime)],
          ["Revoked", (a) => (a.revokedTime ? when(a.revokedTime) : "")],
          [
            "",
            (a) =>
              a.revokedTime
                ? ""
                : el(
                    "button",
                    {
                      className: "danger",
                      onclick: () => run(() => api("POST", `/oauth-apps/${a.id}/revoke`)),
                    },
                    "Revoke",
                  ),
          ],
        ],
        results,
        "No OAuth apps.",
      ),
    ];
  },
  async sessions() {
    const { results } = await api("GET", "/sessions");
    return table(
      [
        ["Ref", (s) => s.ref],
        ["Organization", (s) => s.organizationId],
        ["User", (s) => s.userEmail],
        ["devKey", (s) => s.devKeyName],
        ["Created", (s) => when(s.createdTime)],
        ["Last active", (s) => when(s.lastActiveTime)],
        ["Idle deadline", (s) => when(s.idleDeadline)],
        ["Trusted", (s) => (s.trusted ? "yes" : "no")],
        [
          "",
          (s) =>
            el(
              "button",
              {
                className: "danger",
                "data-ref": s.ref,
                onclick: () => run(() => api("DELETE", `/sessions/${s.ref}`)),
              },
              "Revoke",
            ),
        ],
      ],
      results,
      "No active sessions.",
    );
  },
  async outbox() {
    const { results } = await api("GET", "/outbox?limit=50");
    return table(
      [
        ["Time", (m) => when(m.createdTime)],
        ["To", (m) => m.recipient],
        ["Channel", (m) => m.channel],
        ["Purpose", (m) => m.purpose],
        ["Message", (m) => highlightCode(m.text)],
      ],
      results,
      "Nothing sent yet.",
    );
  },
  async requests() {
    const { results } = await api("GET", "/requests?limit=100");
    return table(
      [
        ["Time", (r) => when(r.time)],
        ["Method", (r) => r.method],
        ["Path", (r) => r.path],
        ["Status", (r) => r.status],
        ["Codes", (r) => r.codes.join(", ")],
        ["ms", (r) => r.latencyMs],
        ["devKey", (r) => r.devKeyName || ""],
        ["Warnings", (r) => r.warnings.join(", ")],
      ],
      results,
      "No requests yet.",
    );
  },
  async audit() {
    const { results } = await api("GET", "/audit?limit=100");
    return table(
      [
        ["Time", (e) => when(e.time)],
        ["Event", (e) => e.event],
        ["Code", (e) => e.code || ""],
        [
          "User",
          (e) => e.username || e.userId || (e.usernameHash ? `sha256:${e.usernameHash.slice(0, 12)}…` : ""),
        ],
        ["Organization", (e) => e.organizationId || ""],
        ["Mode", (e) => e.mode || ""],
        ["Reason", (e) => e.reason || ""],
      ],
      results,
      "No events yet.",
    );
  },
  async resources() {
    const { results: orgs } = await api("GET", "/organizations");
    if (orgs.length === 0) return el("p", { className: "empty" }, "No organizations.");
    if (!orgs.some((o) => o.id === resources.organizationId)) resources.organizationId = orgs[0].id;
    const organizationId = resources.organizationId;
    const picker = el(
      "select",
      {
        id: "resource-org",
        onchange: (event) => {
          resources.organizationId = event.target.value;
          resources.pages = {};
          resources.record = null;
          run(() => Promise.resolve());
        },
      },
      orgs.map((o) => {
        const option = el("option", { value: o.id }, `${o.name} (${o.id})`);
        option.selected = o.id === organizationId;
        return option;
      }),
    );
    const base = `/organizations/${encodeURIComponent(organizationId)}/resources`;
    const blocks = [el("label", { className: "picker" }, "Organization", picker)];
    if (resources.record) {
      const { kind, id } = resources.record;
      const record = await api("GET", `${base}/${kindPath(kind)}/${encodeURIComponent(id)}`);
      blocks.push(
        el(
          "div",
          { className: "record" },
          el("h3", {}, `${kind} ${id}`),
          el("button", { type: "button", id: "record-close", onclick: () => openRecord(null) }, "Close"),
          el("pre", { id: "record-json" }, JSON.stringify(record, null, 2)),
        ),
      );
    }
    const { results: kinds } = await api("GET", base);
    for (const kind of kinds) {
      const cursor = resources.pages[kind.kind];
      const query = `?max=${RESOURCE_PAGE_SIZE}${cursor ? `&page=${encodeURIComponent(cursor)}` : ""}`;
      const page = await api("GET", `${base}/${kindPath(kind.kind)}${query}`);
      blocks.push(
        el(
          "h3",
          { "data-kind": kind.kind },
          `${kind.kind} `,
          el(
            "span",
            { className: "muted" },
            `${kind.count} record${kind.count === 1 ? "" : "s"}, ${kind.archivedCount} archived`,
          ),
        ),
        resourceTable(kind.kind, page.results),
        pager(kind.kind, page),
      );
    }
    return blocks;
  },
  async limits() {
    const { results } = await api("GET", "/devkeys");
    const rows = [];
    for (const key of results) {
      try {
        rows.push({ key, status: await api("GET", `/limits/${key.id}`) });
      } catch (error) {
        rows.push({ key, status: null, error: error.message });
      }
    }
    return table(
      [
        ["devKey", (r) => r.key.name],
        ["Status", (r) => (r.status ? JSON.stringify(r.status) : r.error)],
      ],
      rows,
      "No developer keys.",
    );
  },
  async clock() {
    const now = await api("GET", "/clock");
    return [
      el("p", {}, "Server time: ", el("strong", { id: "clock-time" }, now.time)),
      form([["minutes", "Advance by minutes", { type: "number", value: "35", step: "1" }]], "Advance", (v) =>
        api("POST", "/clock/advance", { minutes: Number(v.minutes) }),
      ),
    ];
  },
  async faults() {
    const { results } = await api("GET", "/faults");
    return [
      form(
        [
          ["method", "Method", { value: "*" }],
          ["path", "Path", { value: "/v3/login" }],
          ["error", "BDC code", { value: "BDC_1322" }],
          ["times", "Times", { type: "number", value: "1" }],
        ],
        "Arm",
        (v) =>
          api("POST", "/faults", { method: v.method, path: v.path, error: v.error, times: Number(v.times) }),
      ),
      table(
        [
          ["Id", (f) => f.id],
          ["Method", (f) => f.method],
          ["Path", (f) => f.path],
          ["Action", (f) => JSON.stringify(f.action)],
          ["Remaining", (f) => f.remaining],
          ["", (f) => el("button", { onclick: () => run(() => api("DELETE", `/faults/${f.id}`)) }, "Clear")],
        ],
        results,
        "No faults armed.",
      ),
    ];
  },
};

/** A kind in a URL: each segment encoded, its slashes kept (`funding-accounts/banks`). */
const kindPath = (kind) => kind.split("/").map(encodeURIComponent).join("/");

const isScalar = (value) => value === null || ["string", "number", "boolean"].includes(typeof value);

/** A page of records: a column per top-level scalar field of the wire objects, archived rows flagged. */
function resourceTable(kind, records) {
  if (records.length === 0) return el("p", { className: "empty" }, "No records.");
  const fields = [];
  for (const record of records) {
    for (const [field, value] of Object.entries(record)) {
      if (isScalar(value) && !fields.includes(field)) fields.push(field);
    }
  }
  return el(
    "div",
    { className: "scroll" },
    el(
      "table",
      { className: "resources", "data-kind": kind },
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          fields.map((field) => el("th", {}, field)),
        ),
      ),
      el(
        "tbody",
        {},
        records.map((record) =>
          el(
            "tr",
            {
              className: record.archived ? "clickable archived" : "clickable",
              "data-id": record.id,
              title: "Open the record's JSON",
              onclick: () => openRecord({ kind, id: record.id }),
            },
            fields.map((field) => el("td", {}, cellText(field, record[field]))),
          ),
        ),
      ),
    ),
  );
}

function cellText(field, value) {
  if (value === undefined || value === null) return "";
  if (field === "archived") return value ? "archived" : "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (/Time$/.test(field)) return when(value);
  return String(value);
}

/** Previous and Next for one kind's list, with BILL's cursors. */
function pager(kind, page) {
  if (!page.prevPage && !page.nextPage) return "";
  const turn = (cursor) => () => {
    resources.pages[kind] = cursor;
    run(() => Promise.resolve());
  };
  return el(
    "div",
    { className: "pager", "data-kind": kind },
    page.prevPage ? el("button", { type: "button", onclick: turn(page.prevPage) }, "Previous") : "",
    page.nextPage ? el("button", { type: "button", onclick: turn(page.nextPage) }, "Next") : "",
  );
}

function openRecord(record) {
  resources.record = record;
  run(() => Promise.resolve());
}

/** `2026-11-29 10:00:00 UTC` rather than the wire's ISO form, to keep tables narrow. */
function when(iso) {
  return iso ? iso.replace("T", " ").replace(/\.\d{3}\+00:00$/, " UTC") : "";
}

function highlightCode(text) {
  const match = /\b\d{6}\b/.exec(text);
  if (!match) return text;
  return el(
    "span",
    {},
    text.slice(0, match.index),
    el("span", { className: "token" }, match[0]),
    text.slice(match.index + 6),
  );
}

// Renders overlap when a click lands while one is still loading: only the newest may draw, so a
// slow older answer never replaces what the operator asked for last.
let renders = 0;

async function show(name) {
  const render = ++renders;
  current = name;
  for (const button of document.querySelectorAll("nav button")) {
    if (button.dataset.view === name) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  const content = await views[name]();
  if (render !== renders) return;
  const title = document.querySelector(`nav button[data-view="${name}"]`).textContent;
  $("view").replaceChildren(el("h2", {}, title), ...[content].flat());
  const now = await api("GET", "/clock");
  $("clock-now").textContent = `server time ${when(now.time)}`;
}

function signOut() {
  token = "";
  sessionStorage.removeItem("billet.operatorToken");
  $("app").hidden = true;
  $("sign-out").hidden = true;
  $("sign-in").hidden = false;
}

async function signIn() {
  const clock = await api("GET", "/clock");
  $("mode").textContent = clock.settable ? "sandbox" : "service";
  $("sign-in").hidden = true;
  $("app").hidden = false;
  $("sign-out").hidden = false;
  await show(current);
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  token = $("token").value.trim();
  $("sign-in-error").textContent = "";
  try {
    await signIn();
    sessionStorage.setItem("billet.operatorToken", token);
  } catch (error) {
    $("sign-in-error").textContent = error.status === 401 ? "That token is not valid." : error.message;
    token = "";
  }
});
$("sign-out").addEventListener("click", signOut);
for (const button of document.querySelectorAll("nav button")) {
  button.addEventListener("click", () => {
    current = button.dataset.view;
    run(() => Promise.resolve());
  });
}
if (token) signIn().catch(signOut);
