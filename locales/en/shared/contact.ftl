# Questions? The contact card of the department follows (shared block).
contact-title = Do you have any questions?
contact-questions =
    Do you still have questions after reading this leaflet? Please call us. You can see how below.
    You can also ask your questions at your next appointment.
