"""The one signal commissioning sends, for the apps above it that act on its events.

`interest_registered` is sent by `commissioning.opportunities.register_interest` inside its
transaction, once the interest and its contracts are saved, with `interest` (an
`OpportunityInterest`) and `actor` (who registered it). A receiver that raises undoes the
interest too. Commissioning does not know who listens: the strategy app drafts an
initiative on the organisation's route (connected in `strategy.apps`).
"""

from django.dispatch import Signal

interest_registered = Signal()
