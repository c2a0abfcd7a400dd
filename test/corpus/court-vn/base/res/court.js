(function(){
  var THU = ['Chủ Nhật','Thứ Hai','Thứ Ba','Thứ Tư','Thứ Năm','Thứ Sáu','Thứ Bảy'];
  function z(n){return n<10?'0'+n:''+n;}
  function clock(){
    var t = new Date(Date.now() + 7*3600*1000);
    document.getElementById('vn-day').innerHTML = THU[t.getUTCDay()];
    document.getElementById('vn-date').innerHTML = z(t.getUTCDate())+'/'+z(t.getUTCMonth()+1)+'/'+t.getUTCFullYear();
    document.getElementById('vn-time').innerHTML = z(t.getUTCHours())+':'+z(t.getUTCMinutes())+':'+z(t.getUTCSeconds());
  }
  clock(); setInterval(clock, 1000);

  var s = document.querySelectorAll('#featured .fslide'), n = document.querySelectorAll('#featured .fnav span'), i = 0;
  setInterval(function(){
    s[i].className = 'fslide'; n[i].className = '';
    i = (i + 1) % s.length;
    s[i].className = 'fslide show'; n[i].className = 'on';
  }, 5500);

  // Visitor counter, as many Vietnamese portals show one.
  var v = 1204577 + Math.floor((Date.now() / 60000) % 1000);
  document.getElementById('visits').innerHTML = v.toLocaleString('vi-VN');
})();
