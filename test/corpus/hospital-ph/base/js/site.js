// Philippine Standard Time clock, hero slideshow, rotating announcement banner, cookie notice.
(function () {
  var ARAW = { Sun: 'Linggo', Mon: 'Lunes', Tue: 'Martes', Wed: 'Miyerkules', Thu: 'Huwebes', Fri: 'Biyernes', Sat: 'Sabado' };
  var BUWAN = ['Enero', 'Pebrero', 'Marso', 'Abril', 'Mayo', 'Hunyo', 'Hulyo', 'Agosto', 'Setyembre', 'Oktubre', 'Nobyembre', 'Disyembre'];
  var fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Manila', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true
  });
  var pst = document.getElementById('pst');
  function tick() {
    var p = {};
    fmt.formatToParts(new Date()).forEach(function (x) { p[x.type] = x.value; });
    pst.textContent = ARAW[p.weekday] + ', ' + BUWAN[Number(p.month) - 1] + ' ' + p.day + ', ' + p.year + ', ' +
      p.hour + ':' + p.minute + ':' + p.second + ' ' + p.dayPeriod;
  }
  tick();
  setInterval(tick, 1000);

  // The slideshow starts on a random slide so that every campaign gets seen, then moves every 5 s.
  var slides = document.querySelectorAll('#hero .slide');
  var dots = document.querySelectorAll('#hero .dots span');
  var at = Math.floor(Math.random() * slides.length);
  function show(i) {
    slides[at].classList.remove('on'); dots[at].classList.remove('on');
    at = i;
    slides[at].classList.add('on'); dots[at].classList.add('on');
  }
  show(at);
  setInterval(function () { show((at + 1) % slides.length); }, 5000);

  // One of the hospital's announcement banners, picked at random on each visit.
  var ADS = [
    { src: 'img/ad-1.jpg', alt: 'Libreng konsulta sa Diabetes Club tuwing unang Sabado ng buwan' },
    { src: 'img/ad-2.jpg', alt: 'Magparehistro sa PhilHealth Konsulta sa ating ospital' },
    { src: 'img/ad-3.jpg', alt: 'Telemedicine: kumonsulta sa doktor mula sa bahay' }
  ];
  var ad = ADS[Math.floor(Math.random() * ADS.length)];
  var img = document.getElementById('promo-img');
  img.src = ad.src;
  img.alt = ad.alt;

  var bar = document.getElementById('cookies');
  document.getElementById('cookies-ok').addEventListener('click', function () { bar.style.display = 'none'; });
})();
