from django.dispatch import Signal

# Sent by the questionnaire when a respondent's finish completed an assessment
# (once per assessment), with `assessment` and `site_url` (the public site's
# address, for the PDF): the invitations app renders the PDF in the background.
assessment_completed = Signal()
