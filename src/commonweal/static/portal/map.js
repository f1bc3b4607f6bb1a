// Maps for the portal, where JavaScript runs: the pages work without them.
//   data-cw-map="pick": a click fills in the latitude and longitude inputs named by
//   data-lat-input and data-lon-input, and typing in them moves the marker.
//   data-cw-map="reports": the GeoJSON at data-geojson-url, one marker a report.
// With no data-tile-url the map has no background: just the frame and the markers.
(function () {
  "use strict";

  var UK = [54.0, -2.5];
  var DECIMALS = 5;
  // Vector markers: no marker images to find, whatever the static files are named.
  var MARKER = { radius: 9, color: "#0b0c0c", weight: 3, fillColor: "#1d70b8", fillOpacity: 0.9 };
  var REPORT = { radius: 7, color: "#0b0c0c", weight: 1, fillColor: "#d4351c", fillOpacity: 0.8 };

  function number(text) {
    var value = parseFloat(String(text).trim());
    return isFinite(value) ? value : null;
  }

  function makeMap(element, centre, zoom) {
    element.hidden = false;
    var map = L.map(element, { center: centre, zoom: zoom, keyboard: true });
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: element.getAttribute("data-tile-attribution") || ""
      }).addTo(map);
    }
    return map;
  }

  function pick(element) {
    var latInput = document.getElementById(element.getAttribute("data-lat-input"));
    var lonInput = document.getElementById(element.getAttribute("data-lon-input"));
    if (!latInput || !lonInput) return;
    var lat = number(latInput.value);
    var lon = number(lonInput.value);
    var known = lat !== null && lon !== null;
    var map = makeMap(element, known ? [lat, lon] : UK, known ? 15 : 5);
    var marker = null;

    function place(point) {
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.circleMarker(point, MARKER).addTo(map);
      }
    }

    if (known) place([lat, lon]);
    map.on("click", function (event) {
      place(event.latlng);
      latInput.value = event.latlng.lat.toFixed(DECIMALS);
      lonInput.value = event.latlng.lng.toFixed(DECIMALS);
    });
    function typed() {
      var newLat = number(latInput.value);
      var newLon = number(lonInput.value);
      if (newLat !== null && newLon !== null && Math.abs(newLat) <= 90 && Math.abs(newLon) <= 180) {
        place([newLat, newLon]);
        map.setView([newLat, newLon], Math.max(map.getZoom(), 15));
      }
    }
    latInput.addEventListener("change", typed);
    lonInput.addEventListener("change", typed);
    document.querySelectorAll("[data-map-hint]").forEach(function (hint) {
      hint.hidden = false;
    });
  }

  function reports(element) {
    var lat = number(element.getAttribute("data-lat"));
    var lon = number(element.getAttribute("data-lon"));
    if (lat === null || lon === null) return;
    var caseUrl = element.getAttribute("data-case-url");
    var map = makeMap(element, [lat, lon], 15);
    L.circleMarker([lat, lon], MARKER).addTo(map);
    fetch(element.getAttribute("data-geojson-url"), { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, point) { return L.circleMarker(point, REPORT); },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            var popup = document.createElement("div");
            var link = document.createElement("a");
            link.className = "govuk-link";
            link.href = caseUrl.replace("REFERENCE", encodeURIComponent(p.reference));
            link.textContent = p.reference;
            popup.appendChild(link);
            popup.appendChild(document.createElement("br"));
            popup.appendChild(document.createTextNode(p.service_name + ": " + p.state));
            marker.bindPopup(popup);
          }
        }).addTo(map);
        if (data.features.length) {
          map.fitBounds(layer.getBounds().extend([lat, lon]), { maxZoom: 17, padding: [20, 20] });
        }
      });
  }

  if (typeof L === "undefined") return;
  document.querySelectorAll("[data-cw-map='pick']").forEach(pick);
  document.querySelectorAll("[data-cw-map='reports']").forEach(reports);
})();
