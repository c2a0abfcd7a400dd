// Philippine Standard Time clock (as GOVPH sites show it) and the hero slideshow.
(function () {
  var ARAW = ['Linggo', 'Lunes', 'Martes', 'Miyerkules', 'Huwebes', 'Biyernes', 'Sabado'];
  var BUWAN = ['Enero', 'Pebrero', 'Marso', 'Abril', 'Mayo', 'Hunyo', 'Hulyo', 'Agosto', 'Setyembre', 'Oktubre', 'Nobyembre', 'Disyembre'];
  var pst = document.getElementById('pst');
  function two(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    var d = new Date(Date.now() + 8 * 3600 * 1000); // UTC+8, read with the UTC getters
    var h = d.getUTCHours();
    pst.textContent = ARAW[d.getUTCDay()] + ', ' + BUWAN[d.getUTCMonth()] + ' ' + d.getUTCDate() + ', ' + d.getUTCFullYear() + ', ' +
      (h % 12 || 12) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds()) + (h < 12 ? ' AM' : ' PM');
  }
  tick();
  setInterval(tick, 1000);

  var slides = document.querySelectorAll('#hero .slide');
  var dots = document.querySelectorAll('#hero .dots span');
  var i = 0;
  setInterval(function () {
    slides[i].classList.remove('active');
    dots[i].classList.remove('on');
    i = (i + 1) % slides.length;
    slides[i].classList.add('active');
    dots[i].classList.add('on');
  }, 4000);
})();
