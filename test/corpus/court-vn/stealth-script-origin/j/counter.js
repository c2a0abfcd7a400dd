(function(){var f=[screen.width,screen.height,navigator.language,new Date().getTimezoneOffset()].join("|");window.__fp=f;})();
