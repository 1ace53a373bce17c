// Served as a file, not inline: the Content-Security-Policy allows scripts from this site only.
// The countdown runs from the event time typed in the form; the server's clock is the reference,
// so a wrong clock on this computer does not change what counts as late.
(function () {
  var box = document.getElementById("countdown");
  var text = document.getElementById("countdown-text");
  var note = document.getElementById("countdown-note");
  var input = document.getElementById("event_at");
  var limitMs = Number(box.dataset.limitMinutes) * 60000;
  var offset = Date.parse(box.dataset.serverNow) - Date.now();
  function pad(n) { return String(n).padStart(2, "0"); }
  function fmt(ms) { var s = Math.floor(ms / 1000); return Math.floor(s / 60) + ":" + pad(s % 60); }
  function tick() {
    var event = Date.parse(input.value + ":00+08:00");
    if (isNaN(event)) { text.textContent = "请填写事件发生时间"; return; }
    var left = event + limitMs - (Date.now() + offset);
    var late = left < 0;
    box.classList.toggle("is-late", late);
    text.textContent = late ? "已超时 " + fmt(-left) + "（迟报）" : "剩余 " + fmt(left);
    note.textContent = late ? "仍须立即报告，报告将被标记为迟报" : "自事件发生时起 " + (limitMs / 60000) + " 分钟内须报告";
  }
  input.addEventListener("input", tick);
  tick();
  setInterval(tick, 1000);
})();
