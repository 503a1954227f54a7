// The clock on the Run meeting page, and the refresh on the Follow the meeting page.
//
// Both pages are right when they load and have a link to refresh them, so nothing here is needed to use them.
// With it, the "time used, time left" text keeps up on its own, and a polite live region says only what
// matters, each thing once: a minute left on this item, this item is over time, a break is due now, and (for
// people following) the new item when it changes. It never speaks on a timer.
//
// Hand-written, loaded with <script type="module"> on these two pages only; no build step.

const CLOCK_EVERY_MS = 15000;
const FOLLOW_EVERY_MS = 30000;

const minutesText = (n) => (n === 1 ? "1 minute" : `${n} minutes`);

// What has been said already survives a reload of the page, so nothing is said twice.
const said = {
  has(key) {
    try {
      return window.sessionStorage.getItem(`run-meeting:${key}`) === "1";
    } catch {
      return false;
    }
  },
  add(key) {
    try {
      window.sessionStorage.setItem(`run-meeting:${key}`, "1");
    } catch {
      // Private browsing without storage: we may repeat ourselves after a reload, never within one page.
    }
  },
};

function speaker(region) {
  const spoken = new Set();
  return {
    // Say `text` once for `key`; `quietly` records it as said without saying it (it was true at page load,
    // and the page itself already shows it).
    once(key, text, quietly = false) {
      if (!region || spoken.has(key) || said.has(key)) return;
      spoken.add(key);
      said.add(key);
      if (quietly) return;
      // Empty first, then fill, so screen readers notice the change even if the same words come again.
      region.textContent = "";
      window.setTimeout(() => {
        region.textContent = text;
      }, 150);
    },
  };
}

function timeFormat(timeZone) {
  const options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  try {
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat("en-GB", options);
  }
}

const parse = (iso) => (iso ? Date.parse(iso) : null);

// ---------------------------------------------------------------- Run meeting: the chair's clock

function startClock(clock) {
  const data = clock.dataset;
  // Use the server's clock, not the device's, which may be minutes out.
  const offset = parse(data.serverNow) - Date.now();
  const now = () => Date.now() + offset;
  const started = parse(data.itemStarted);
  const itemSeconds = Number(data.itemMinutes || 0) * 60;
  const afterMinutes = Number(data.afterMinutes || 0);
  // When the agenda would finish at its planned times: "running late" is measured against it, as on the server.
  const plannedFinish = parse(data.plannedFinish);
  const breakAt = parse(data.breakAt);
  const format = timeFormat(data.timeZone);
  const speak = speaker(document.getElementById("run-announcer"));
  const meeting = data.meetingId;
  const item = data.itemId;

  const timeEl = clock.querySelector("[data-run-time]");
  const latenessEl = clock.querySelector("[data-run-lateness]");
  const breakEl = clock.querySelector("[data-run-break]");
  const asAtEl = clock.querySelector("[data-run-as-at]");

  // The same arithmetic as meetings/services/run.py, so the words do not jump when the page reloads.
  function tick(atLoad) {
    const t = now();
    let left = 0;
    if (started !== null) {
      const used = Math.max(0, Math.floor((t - started) / 1000));
      left = itemSeconds - used;
      const usedText = `${minutesText(Math.floor(used / 60))} used`;
      let text;
      if (left > 0) {
        text = `${usedText}, ${minutesText(Math.ceil(left / 60))} left`;
      } else if (Math.floor(-left / 60) === 0) {
        text = `${usedText}, no time left`;
      } else {
        text = `${usedText}, ${minutesText(Math.floor(-left / 60))} over`;
      }
      if (timeEl) timeEl.textContent = text;
      if (left > 0 && left <= 60 && itemSeconds > 60) {
        speak.once(`${meeting}:${item}:minute`, "1 minute left on this item", atLoad);
      }
      if (left <= 0) {
        speak.once(`${meeting}:${item}:over`, "This item is over time", atLoad);
      }
    }
    if (latenessEl && plannedFinish !== null) {
      const expected = t + Math.max(0, left) * 1000 + afterMinutes * 60000;
      const late = Math.trunc((expected - plannedFinish) / 60000);
      const finish = format.format(new Date(expected));
      if (late > 0) {
        latenessEl.textContent = `Running ${minutesText(late)} late. Expected to finish at ${finish}.`;
      } else if (late < 0) {
        latenessEl.textContent = `Running ${minutesText(-late)} ahead. Expected to finish at ${finish}.`;
      } else {
        latenessEl.textContent = `On time. Expected to finish at ${finish}.`;
      }
    }
    if (breakAt !== null && t >= breakAt) {
      if (breakEl && data.breakNowText) breakEl.textContent = data.breakNowText;
      speak.once(`${meeting}:break:${data.breakAt}`, "A break is due now", atLoad);
    }
    if (asAtEl) asAtEl.textContent = format.format(new Date(t));
  }

  tick(true);
  window.setInterval(() => tick(false), CLOCK_EVERY_MS);
}

// ---------------------------------------------------------------- Follow the meeting: refresh the text

function startFollowing(box) {
  const speak = speaker(document.getElementById("follow-announcer"));
  const agenda = document.getElementById("follow-agenda");
  let itemId = box.dataset.itemId;
  let phase = box.dataset.phase;

  // Never pull the page out from under someone: a part that has focus waits for the next round.
  const replace = (target, fresh) => {
    if (!target || !fresh || target.contains(document.activeElement)) return;
    target.innerHTML = fresh.innerHTML;
  };

  async function refresh() {
    if (document.hidden) return;
    let response;
    try {
      response = await fetch(window.location.href, { credentials: "same-origin" });
    } catch {
      return; // offline for a moment: the Refresh link still works
    }
    if (!response.ok || response.redirected) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("follow-now");
    if (!fresh) return;
    replace(box, fresh);
    replace(agenda, page.getElementById("follow-agenda"));
    const freshItem = fresh.dataset.itemId;
    if (freshItem && freshItem !== itemId) {
      speak.once(`follow:${freshItem}:${fresh.dataset.phase}`, `Now: ${fresh.dataset.itemTitle}`);
    } else if (fresh.dataset.phase === "ended" && phase !== "ended") {
      speak.once(`follow:ended:${window.location.pathname}`, "The meeting has ended");
    }
    itemId = freshItem;
    phase = fresh.dataset.phase;
    box.dataset.itemId = freshItem;
    box.dataset.itemTitle = fresh.dataset.itemTitle;
    box.dataset.phase = phase;
  }

  window.setInterval(refresh, FOLLOW_EVERY_MS);
}

const clock = document.querySelector("[data-run-clock]");
if (clock) startClock(clock);
const following = document.querySelector("[data-follow]");
if (following) startFollowing(following);
