(function () {
  'use strict';
  var days = ['日', '月', '火', '水', '木', '金', '土'];
  var clock = document.getElementById('clock');
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    // Shown in Japan time whatever the visitor's zone.
    var d = new Date(Date.now() + 9 * 3600 * 1000);
    clock.textContent = d.getUTCFullYear() + '年' + (d.getUTCMonth() + 1) + '月' + d.getUTCDate() + '日(' + days[d.getUTCDay()] + ') ' +
      pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
  }
  tick();
  setInterval(tick, 1000);

  var slides = document.querySelectorAll('#hero .slide');
  var dots = document.querySelectorAll('#hero .dot');
  var current = 0;
  var timer = null;
  function show(i) {
    current = (i + slides.length) % slides.length;
    for (var k = 0; k < slides.length; k++) {
      slides[k].classList.toggle('is-active', k === current);
      dots[k].classList.toggle('is-active', k === current);
    }
  }
  function start() { timer = setInterval(function () { show(current + 1); }, 5000); }
  for (var k = 0; k < dots.length; k++) {
    dots[k].addEventListener('click', (function (i) { return function () { show(i); }; })(k));
  }
  document.querySelector('#hero .pause').addEventListener('click', function () {
    if (timer) { clearInterval(timer); timer = null; } else { start(); }
  });
  start();
})();
