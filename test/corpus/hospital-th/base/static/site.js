var TH_MONTHS = ['มกราคม','กุมภาพันธ์','มีนาคม','เมษายน','พฤษภาคม','มิถุนายน','กรกฎาคม','สิงหาคม','กันยายน','ตุลาคม','พฤศจิกายน','ธันวาคม'];
function two(n) { return String(n).padStart(2, '0'); }
function updateClock() {
  var now = new Date(Date.now() + 7 * 3600000); // Bangkok, UTC+7
  document.getElementById('th-clock').textContent = two(now.getUTCHours()) + ':' + two(now.getUTCMinutes()) + ':' + two(now.getUTCSeconds());
  // Buddhist era year
  document.getElementById('th-date').textContent = now.getUTCDate() + ' ' + TH_MONTHS[now.getUTCMonth()] + ' ' + (now.getUTCFullYear() + 543);
}
updateClock();
setInterval(updateClock, 1000);

var slides = document.querySelectorAll('#slider .sl');
var pager = document.querySelectorAll('#slider .pager li');
var at = 0;
setInterval(function () {
  slides[at].classList.remove('active'); pager[at].classList.remove('on');
  at = (at + 1) % slides.length;
  slides[at].classList.add('active'); pager[at].classList.add('on');
}, 4000);

// The queue number the outpatient desk is calling, refreshed like the real display board.
var q = 127;
setInterval(function () { q += 1; document.getElementById('queue').textContent = 'A' + q; }, 7000);

document.querySelectorAll('#pdpa button').forEach(function (b) {
  b.addEventListener('click', function () { document.getElementById('pdpa').classList.add('closed'); });
});
