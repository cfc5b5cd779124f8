(function () {
  var root = document.documentElement;
  root.setAttribute('data-js', '');
  try {
    var stored = localStorage.getItem(root.getAttribute('data-theme-key') || 'theme');
    if (stored === 'light' || stored === 'dark') root.setAttribute('data-theme', stored);
  } catch {
    return;
  }
})();
