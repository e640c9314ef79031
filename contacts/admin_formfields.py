"""Form-field defaults shared by the admins of every app (`formfield_overrides`)."""

from django.db import models

# Staff type web addresses without a scheme; the portal's sites are served over https.
HTTPS_URL_FORMFIELDS = {models.URLField: {"assume_scheme": "https"}}
