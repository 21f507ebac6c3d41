// Marks each table or chart frame that is wider than its screen (data-scrolls), so that
// its hint to scroll sideways shows (sovet.css): the page itself never scrolls sideways,
// and without the hint a phone shows no sign of the columns beyond its edge.
(function () {
  var frames = document.querySelectorAll(".table-wrap, .chart-wrap");
  function mark() {
    frames.forEach(function (frame) {
      frame.toggleAttribute("data-scrolls", frame.scrollWidth > frame.clientWidth + 1);
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
