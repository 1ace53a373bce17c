// Served as a file, not inline (the Content-Security-Policy allows scripts from this site only):
// shows the name of the file picked in a files panel's upload form (files/templates/files/panel.html).
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input.matches || !input.matches(".file-pick input[type=file]")) return;
  var shown = input.parentNode.querySelector(".file-chosen");
  var names = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
  if (shown) shown.textContent = names.length ? names.join("、") : "未选择文件";
});
