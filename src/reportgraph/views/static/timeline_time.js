/* Calendar helpers of the timeline tab (timeline.js): ISO dates to day numbers and back, their
 * labels, and the ticks of a date axis. Pure functions, no page state; set as window.RGTime.
 */
(function () {
  "use strict";
  var DAY = 86400000;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var STEPS = [[1, "day"], [2, "day"], [7, "day"], [14, "day"], [1, "month"], [3, "month"],
    [6, "month"], [1, "year"], [2, "year"], [5, "year"], [10, "year"], [25, "year"],
    [50, "year"], [100, "year"], [250, "year"], [500, "year"], [1000, "year"]];

  /* Days since 1970-01-01 (UTC) of an ISO date ("2025-03-08", "2025-03" or "2025"), or null;
   * with last, a month or a year stands for its last day. */
  function dayOf(iso, last) {
    var m = /^(-?\d{1,6})(?:-(\d{1,2}))?(?:-(\d{1,2}))?/.exec(iso ? String(iso) : "");
    if (!m) return null;
    var d = new Date(0);
    if (m[3]) d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    else if (m[2]) d.setUTCFullYear(Number(m[1]), Number(m[2]) - (last ? 0 : 1), last ? 0 : 1);
    else d.setUTCFullYear(Number(m[1]), last ? 11 : 0, last ? 31 : 1);
    var t = d.getTime();
    return isNaN(t) ? null : Math.round(t / DAY);
  }

  function dateOf(day) { return new Date(day * DAY); }

  function dayText(day, withYear) {
    var d = dateOf(day);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + (withYear ? " " + d.getUTCFullYear() : "");
  }

  function clip(text, n) {
    text = String(text);
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }

  /* Tick days between lo and hi, at most maxTicks of them, with their labels. */
  function ticks(lo, hi, maxTicks) {
    var step = STEPS[STEPS.length - 1];
    for (var s = 0; s < STEPS.length; s++) {
      var len = STEPS[s][0] * (STEPS[s][1] === "day" ? 1 : STEPS[s][1] === "month" ? 30.44 : 365.25);
      if ((hi - lo) / len <= maxTicks) { step = STEPS[s]; break; }
    }
    var n = step[0], unit = step[1], out = [], first = dateOf(lo), prevYear = null, day;
    var y = first.getUTCFullYear(), mo = first.getUTCMonth();
    for (var i = 0; i < 2000; i++) {
      if (unit === "day") {
        var start = n >= 7 ? lo + ((8 - first.getUTCDay()) % 7) : lo;  // weeks start on Monday
        day = start + i * n;
      } else if (unit === "month") {
        var m0 = Math.ceil((y * 12 + mo) / n) * n + i * n;
        day = dayOf(Math.floor(m0 / 12) + "-" + (m0 % 12 + 1) + "-1");
      } else {
        day = dayOf(Math.ceil(y / n) * n + i * n + "-1-1");
      }
      if (day === null || day > hi) break;
      if (day < lo) continue;
      var d = dateOf(day), year = d.getUTCFullYear(), label;
      if (unit === "day") label = dayText(day, year !== prevYear);
      else if (unit === "month") {
        label = MONTHS[d.getUTCMonth()] + (year !== prevYear || n >= 3 ? " " + year : "");
      }
      else label = String(year);
      prevYear = year;
      out.push({ day: day, label: label });
    }
    return out;
  }

  window.RGTime = {
    DAY: DAY, dayOf: dayOf, dateOf: dateOf, dayText: dayText, clip: clip, ticks: ticks
  };
})();
