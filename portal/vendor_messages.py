# ruff: noqa: E501 -- msgids stay whole, as the packages spell them
"""The msgids of the installed packages that locale/de/LC_MESSAGES/django.po translates anew.

Nothing imports this module: it exists so that `makemessages` finds these msgids in the
project and keeps their Swiss translations instead of marking them obsolete.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

VENDOR_MESSAGES = [
    # Django (forms and model fields)
    gettext_noop("Date out of range"),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("“%(value)s” value must be a float."),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # Django admin
    gettext_noop("Close"),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that both fields may be case-sensitive."
    ),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user."
    ),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("In case you’ve forgotten, you are:"),
    # Django auth
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("block size"),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    # django-filter
    gettext_noop("exclude"),
    gettext_noop("is greater than"),
    gettext_noop("is greater than or equal to"),
    # django-otp
    gettext_noop("Forgotten your password or username?"),
    gettext_noop("Please correct the error below."),
    gettext_noop("Please correct the errors below."),
    gettext_noop(
        "You are authenticated as %(username)s, but are not authorized to access this page. Would you like to login to a different account?"
    ),
    ngettext_lazy(
        "Verification temporarily disabled because of %(failure_count)d failed attempt, please try again soon.",
        "Verification temporarily disabled because of %(failure_count)d failed attempts, please try again soon.",
        1,
    ),
    gettext_noop("sent by email"),
    # django-import-export
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct format for the file."
    ),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, click 'Confirm import'"
    ),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", 1),
    gettext_noop(
        "No valid data to import. Ensure your file has the correct headers or data for import."
    ),
    gettext_noop(
        "Please correct these errors in your data where possible, then reupload it using the form above."
    ),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    gettext_noop("Select all"),
    gettext_noop("Some rows failed to validate"),
    gettext_noop("Resource"),
    # django-simple-history
    gettext_noop("Changes"),
    # django-axes
    gettext_noop("Locked Out"),
    # Django's month names: Italian writes them in lower case within a date (it-CH,
    # «1 aprile 2015»); Django's Italian catalog capitalises them.
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
    # Django's weekday names, for the same reason.
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]
