/*
  Opens the language tab named in the address, e.g. #sprache-fr: the staff dashboard's
  translation worklist links there (portal/dashboard.py, LANGUAGE_TAB_FRAGMENT). Without
  this script the link still opens the right change page, in the tab of the admin's language.

  django-modeltranslation builds the tabs and its language switch
  (#modeltranslation-main-switch, one option per language) in a jQuery ready handler. This
  script is deferred, so it runs after that handler was registered, and its own runs after it.
*/
(function () {
  "use strict";
  var match = /^#sprache-([a-z]{2}(?:[-_][a-z]+)?)$/.exec(window.location.hash);
  var jQuery = window.jQuery || (window.django && window.django.jQuery);
  if (!match || !jQuery) {
    return;
  }
  var language = match[1].replace("_", "-");
  jQuery(function ($) {
    var $switch = $("#modeltranslation-main-switch");
    var $option = $switch.find("option").filter(function () {
      return $(this).text() === language;
    });
    if ($option.length) {
      $switch.val($option.val()).trigger("change");
    }
  });
})();
