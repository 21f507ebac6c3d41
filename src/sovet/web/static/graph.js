// On a narrow screen the federation graph keeps a readable size and scrolls sideways in
// its box: start with the middle in view, where the top of the federation is drawn.
"use strict";

(() => {
  const box = document.querySelector(".graph-scroll");
  if (box && box.scrollWidth > box.clientWidth) {
    box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
  }
})();
