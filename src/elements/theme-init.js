// Loaded render-blocking from <head> (an external, hashed file: no inline script, so no CSP hash to keep
// in sync). It applies a stored theme before first paint; without a stored choice CSS follows the OS.
(function () {
  var root = document.documentElement;
  // Lets CSS collapse the outline on narrow screens only when the toggle button can open it again.
  root.setAttribute('data-js', '');
  try {
    var stored = localStorage.getItem(root.getAttribute('data-theme-key') || 'theme');
    if (stored === 'light' || stored === 'dark') root.setAttribute('data-theme', stored);
  } catch (error) {
    // Storage can be disabled (privacy mode); the OS preference still applies.
  }
})();
